"""The simulated Chalkida fleet: bins with ultrasonic fill sensors at real places in the city."""

from __future__ import annotations

from dataclasses import dataclass

MUNICIPALITY = "chalkida"


@dataclass(frozen=True)
class BinSite:
    bin_id: str
    name: str
    latitude: float
    longitude: float
    dev_eui: str
    waste_stream: str = "mixed"
    volume_litres: float = 1100
    depth_mm: float = 1200
    fill_per_hour_pct: float = 2.0


# Coordinates read off the city map: the waterfront, the old town and the bridge over the Evripos.
CHALKIDA_BINS: tuple[BinSite, ...] = (
    BinSite(
        "chk-0001",
        "Leoforos Venizelou, waterfront",
        38.46552,
        23.59249,
        "a84041000181c001",
        fill_per_hour_pct=4.0,
    ),
    BinSite(
        "chk-0002",
        "Old Evripos bridge, mainland side",
        38.46270,
        23.58980,
        "a84041000181c002",
        fill_per_hour_pct=3.5,
    ),
    BinSite("chk-0003", "Agios Nikolaos square", 38.46488, 23.59520, "a84041000181c003"),
    BinSite(
        "chk-0004",
        "Kastro, Agia Paraskevi church",
        38.46093,
        23.59131,
        "a84041000181c004",
        fill_per_hour_pct=1.5,
    ),
    BinSite(
        "chk-0005",
        "Archaeological Museum, Venizelou",
        38.46680,
        23.59620,
        "a84041000181c005",
        "recycling",
        1100,
        1200,
        2.5,
    ),
    BinSite("chk-0006", "Port of Chalkida", 38.46210, 23.59580, "a84041000181c006", fill_per_hour_pct=3.0),
    BinSite(
        "chk-0007",
        "Kanithos, Karababa castle road",
        38.46045,
        23.58383,
        "a84041000181c007",
        fill_per_hour_pct=1.0,
    ),
    BinSite("chk-0008", "Agios Dimitrios", 38.47280, 23.60220, "a84041000181c008", "organic", 240, 900, 5.0),
    BinSite(
        "chk-0009",
        "Central market (Kentriki Agora)",
        38.46400,
        23.59700,
        "a84041000181c009",
        fill_per_hour_pct=6.0,
    ),
    BinSite(
        "chk-0010", "Pezodromos Kotsou", 38.46395, 23.59455, "a84041000181c00a", "recycling", 1100, 1200, 2.0
    ),
    BinSite(
        "chk-0011", "Chalkida railway station", 38.46050, 23.58660, "a84041000181c00b", fill_per_hour_pct=1.8
    ),
    BinSite("chk-0012", "Agia Varvara", 38.47060, 23.60650, "a84041000181c00c", fill_per_hour_pct=2.2),
)

DRAGINO_LDDS75 = "dragino/ldds75"
