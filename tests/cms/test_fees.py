"""Fee bands: the secretariat's data that drives the application form."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cms.models import FeeBand
from cms.models.fees import find_fee
from tests.cms import members_helpers

# The members' fixtures, shared by the members' test modules.
city_fee_bands = members_helpers.city_fee_bands

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("size", "fee"),
    [
        (0, 600),
        (49_999, 600),
        (50_000, 1_200),
        (249_999, 1_200),
        (250_000, 2_500),
        (999_999, 2_500),
        (1_000_000, 4_000),
        (12_000_000, 4_000),
    ],
)
def test_city_fee_follows_population_bands(city_fee_bands, size, fee):
    """A city's fee is the band its population falls in (lower bound included, upper excluded)."""
    _band, amount = find_fee("city", size)
    assert amount == Decimal(fee)


def test_associate_rate(city_fee_bands):
    """Associate members pay the band's associate rate."""
    assert find_fee("city", 300_000, associate=True)[1] == Decimal(1_250)


def test_flat_fee_needs_no_size(city_fee_bands):
    """Individuals pay a flat fee whatever (or without) a size figure."""
    assert find_fee("individual")[1] == Decimal(50)
    assert find_fee("individual", 10**9)[1] == Decimal(50)


def test_no_band_means_no_fee(city_fee_bands):
    """A kind without bands has no fee: the form says the secretariat will tell."""
    assert find_fee("region", 1000) == (None, None)


def _full_clean(**kw):
    band = FeeBand(**kw)
    band.full_clean()
    return band


def test_overlapping_band_refused(city_fee_bands):
    """A band overlapping an existing one of the same kind is refused with a clear message."""
    with pytest.raises(ValidationError) as err:
        _full_clean(kind="city", min_size=40_000, max_size=60_000, yearly_fee=1)
    assert "overlaps" in str(err.value)


def test_gapped_band_refused(db):
    """A band that leaves a gap after the previous one is refused, saying where the gap is."""
    FeeBand.objects.create(kind="region", min_size=0, max_size=100_000, yearly_fee=1_000)
    with pytest.raises(ValidationError) as err:
        _full_clean(kind="region", min_size=200_000, max_size=None, yearly_fee=3_000)
    assert "gap" in str(err.value) and "100,000" in str(err.value)


def test_first_band_must_start_at_zero(db):
    """The lowest band of a kind starts at 0, or small organisations would have no fee."""
    with pytest.raises(ValidationError) as err:
        _full_clean(kind="province", min_size=10, max_size=None, yearly_fee=1)
    assert "start at 0" in str(err.value)


def test_upper_limit_above_lower_limit(db):
    """An empty or inverted range is refused on the upper-limit field."""
    with pytest.raises(ValidationError) as err:
        _full_clean(kind="province", min_size=100, max_size=100, yearly_fee=1)
    assert "max_size" in err.value.message_dict


def test_contiguous_bands_accepted_and_other_kinds_independent(city_fee_bands):
    """Bands that follow each other are accepted; each kind is checked on its own."""
    _full_clean(kind="region", min_size=0, max_size=500_000, yearly_fee=2_000).save()
    _full_clean(kind="region", min_size=500_000, max_size=None, yearly_fee=5_000).save()
    assert FeeBand.objects.filter(kind="region").count() == 2


def test_editing_a_band_does_not_overlap_itself(city_fee_bands):
    """Changing the fee of an existing band is accepted (the band is not compared with itself)."""
    band = FeeBand.objects.get(kind="city", min_size=50_000)
    band.yearly_fee = 1_300
    band.full_clean()


def test_admin_refuses_overlap_with_message(client, city_fee_bands, django_user_model):
    """In the admin, saving an overlapping band shows the reason instead of saving."""
    admin = django_user_model.objects.create_superuser("sec", "sec@example.org", "pw")
    client.force_login(admin)
    response = client.post(
        "/admin/snippets/cms/feeband/add/",
        {"kind": "city", "min_size": "10000", "max_size": "20000", "yearly_fee": "5"},
    )
    assert response.status_code == 200
    assert "overlaps" in response.content.decode()
    assert FeeBand.objects.filter(kind="city").count() == 4


def test_fee_json_endpoint(client, city_fee_bands):
    """The JSON endpoint answers the fee for a kind and size, and explains when there is none."""
    data = client.get("/en/membership/fee.json", {"kind": "city", "size": "120000"}).json()
    assert data["amount"] == "1200.00"
    data = client.get("/en/membership/fee.json", {"kind": "city"}).json()
    assert data["amount"] is None and "size" in data["message"]
