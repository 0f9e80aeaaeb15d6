"""The simulated Chalkida fleet: bins with ultrasonic fill sensors at real places in the city, the
other domains' devices, and the refuse trucks with their depot and disposal site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from polis.devices.model import Location
from polis.waste.collection import DisposalSite, Truck
from polis.waste.time_of_day import DailyWindow

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
    access: tuple[str, str] | None = None
    """When a truck may reach it, local time (start, end); None: any time."""


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
    # A pedestrian street: delivery vehicles, refuse trucks included, only until 10:00.
    BinSite(
        "chk-0010",
        "Pezodromos Kotsou",
        38.46395,
        23.59455,
        "a84041000181c00a",
        "recycling",
        1100,
        1200,
        2.0,
        access=("06:00", "10:00"),
    ),
    BinSite(
        "chk-0011", "Chalkida railway station", 38.46050, 23.58660, "a84041000181c00b", fill_per_hour_pct=1.8
    ),
    BinSite("chk-0012", "Agia Varvara", 38.47060, 23.60650, "a84041000181c00c", fill_per_hour_pct=2.2),
)

DRAGINO_LDDS75 = "dragino/ldds75"

# The two refuse trucks of the fleet domain (their GPS trackers are truck-07 and truck-12 below),
# based at the municipal depot. Capacities are in litres of loose bin waste: a rear-loading
# compactor packs about three bin-litres into a litre of body (16 m3 and 12 m3 bodies).
CHALKIDA_DEPOT = Location(latitude=38.45800, longitude=23.58100)
MORNING_SHIFT = DailyWindow(start=time(6), end=time(13))
CHALKIDA_TRUCKS: tuple[Truck, ...] = (
    Truck(
        municipality=MUNICIPALITY,
        truck_id="truck-07",
        name="Refuse truck KHI-7",
        depot=CHALKIDA_DEPOT,
        volume_capacity_litres=48_000,
        weight_capacity_kg=8_000,
        waste_streams=frozenset({"mixed"}),
        shift=MORNING_SHIFT,
        driver="chalkida-driver-1",
    ),
    Truck(
        municipality=MUNICIPALITY,
        truck_id="truck-12",
        name="Refuse truck KHI-12",
        depot=CHALKIDA_DEPOT,
        volume_capacity_litres=36_000,
        weight_capacity_kg=6_000,
        waste_streams=frozenset({"recycling", "organic"}),
        shift=MORNING_SHIFT,
        driver="chalkida-driver-2",
    ),
)

# Chalkida's landfill lies about 9 km from the city (the old dump was at "Giamina Doko"); these
# coordinates are a plausible stand-in north-east of the city, not surveyed. One site with a bay
# per stream keeps the simulated day simple.
CHALKIDA_DISPOSAL_SITES: tuple[DisposalSite, ...] = (
    DisposalSite(
        municipality=MUNICIPALITY,
        site_id="chalkida-landfill",
        name="Chalkida landfill and transfer station",
        location=Location(latitude=38.52300, longitude=23.64000),
        waste_streams=frozenset({"mixed", "recycling", "organic", "paper", "glass"}),
        unload_minutes=15,
    ),
)


@dataclass(frozen=True)
class AssetSite:
    """An asset other than a bin, with the device that measures it."""

    asset_id: str
    kind: str
    name: str
    latitude: float
    longitude: float
    dev_eui: str
    model: str
    domain: str
    behaviour: str
    """Which dynamics the simulator plays for it (polis_demo.behaviours)."""
    settings: tuple[tuple[str, float], ...] = ()
    network_server: str = "aws-iot-core-lorawan"
    """How its uplinks arrive: IoT Core for LoRaWAN, or a third-party network server's integration."""


# Places in and around Chalkida; the river stations are on the Lilantas, which floods the Lelantine
# plain south-east of the city after heavy rain.
CHALKIDA_ASSETS: tuple[AssetSite, ...] = (
    AssetSite(
        "pk-venizelou-01",
        "parking_spot",
        "Leoforos Venizelou 1",
        38.46571,
        23.59301,
        "70b3d5e75e001001",
        "bosch/tps110",
        "parking",
        "parking",
        network_server="chirpstack",
    ),
    AssetSite(
        "pk-venizelou-02",
        "parking_spot",
        "Leoforos Venizelou 2",
        38.46576,
        23.59312,
        "70b3d5e75e001002",
        "bosch/tps110",
        "parking",
        "parking",
        network_server="chirpstack",
    ),
    AssetSite(
        "pk-kotsou-01",
        "parking_spot",
        "Kotsou street 1",
        38.46402,
        23.59468,
        "70b3d5e75e001003",
        "bosch/tps110",
        "parking",
        "parking",
        network_server="chirpstack",
    ),
    AssetSite(
        "pk-market-01",
        "parking_spot",
        "Central market 1",
        38.46385,
        23.59712,
        "70b3d5e75e001004",
        "bosch/tps110",
        "parking",
        "parking",
        network_server="chirpstack",
    ),
    AssetSite(
        "air-venizelou",
        "air_station",
        "Air quality, Venizelou avenue",
        38.46520,
        23.59400,
        "0004a30b001c2001",
        "decentlab/dl-pm",
        "environment",
        "air",
        network_server="the-things-stack",
    ),
    AssetSite(
        "air-port",
        "air_station",
        "Air quality, port",
        38.46180,
        23.59610,
        "0004a30b001c2002",
        "decentlab/dl-pm",
        "environment",
        "air",
        network_server="the-things-stack",
    ),
    AssetSite(
        "env-town-hall",
        "air_station",
        "Town hall, council chamber",
        38.46330,
        23.59590,
        "24e124707c003001",
        "milesight-iot/am307",
        "environment",
        "indoor",
    ),
    AssetSite(
        "env-school-1",
        "air_station",
        "1st primary school, classroom A",
        38.46710,
        23.60120,
        "a840417e91003002",
        "dragino/lht65",
        "environment",
        "climate",
    ),
    AssetSite(
        "meter-town-hall",
        "meter",
        "Town hall water meter",
        38.46331,
        23.59592,
        "a84041c4c1003003",
        "dragino/sw3l",
        "environment",
        "water_meter",
    ),
    AssetSite(
        "light-promenade-01",
        "light",
        "Promenade lights, section 1",
        38.46600,
        23.59220,
        "24e124746a004001",
        "milesight-iot/ws558",
        "lighting",
        "street_light",
        (("rated_power_w", 300),),
    ),
    AssetSite(
        "light-promenade-02",
        "light",
        "Promenade lights, section 2",
        38.46700,
        23.59300,
        "24e124746a004002",
        "milesight-iot/ws558",
        "lighting",
        "street_light",
        (("rated_power_w", 300),),
    ),
    AssetSite(
        "crossing-kotsou",
        "crossing",
        "Smart crossing, Venizelou and Kotsou",
        38.46420,
        23.59430,
        "24e124746a004003",
        "milesight-iot/ws558",
        "lighting",
        "crossing",
        (("rated_power_w", 120),),
    ),
    AssetSite(
        "river-lilantas-vasiliko",
        "river_station",
        "Lilantas at Vasiliko bridge",
        38.41870,
        23.66610,
        "0004a30b001c5001",
        "decentlab/dl-mbx",
        "hydromet",
        "river_ultrasonic",
        (("sensor_height_m", 4.0), ("warning_level_m", 2.0), ("alarm_level_m", 2.8)),
    ),
    AssetSite(
        "river-lilantas-lefkandi",
        "river_station",
        "Lilantas mouth at Lefkandi",
        38.41050,
        23.66980,
        "24e124126b005002",
        "milesight-iot/em500-swl",
        "hydromet",
        "river_level",
        (("warning_level_m", 1.6), ("alarm_level_m", 2.2)),
    ),
    AssetSite(
        "weather-town-hall",
        "weather_station",
        "Weather station, town hall roof",
        38.46335,
        23.59585,
        "0004a30b001c5003",
        "decentlab/dl-atm41",
        "hydromet",
        "weather",
    ),
    AssetSite(
        "bldg-town-hall",
        "building",
        "Town hall, citizens' service centre (KEP)",
        38.46325,
        23.59600,
        "24e124600c006001",
        "milesight-iot/vs133",
        "occupancy",
        "people",
        (("capacity", 60),),
    ),
    AssetSite(
        "bldg-library",
        "building",
        "Municipal library",
        38.46410,
        23.59680,
        "24e124600c006002",
        "milesight-iot/vs133",
        "occupancy",
        "people",
        (("capacity", 40),),
    ),
    AssetSite(
        "truck-07",
        "vehicle",
        "Refuse truck KHI-7",
        38.45800,
        23.58100,
        "a840418b21007001",
        "dragino/lgt92",
        "fleet",
        "truck",
    ),
    AssetSite(
        "truck-12",
        "vehicle",
        "Refuse truck KHI-12",
        38.45800,
        23.58100,
        "a840418b21007002",
        "dragino/lgt92",
        "fleet",
        "truck",
    ),
    AssetSite(
        "care-0001",
        "beneficiary",
        "Telecare beneficiary 0001",
        38.46900,
        23.60300,
        "24e124538c008001",
        "milesight-iot/ws101",
        "telecare",
        "panic_button",
    ),
    AssetSite(
        "care-0002",
        "beneficiary",
        "Telecare beneficiary 0002",
        38.46150,
        23.60500,
        "24e124538c008002",
        "milesight-iot/ws101",
        "telecare",
        "panic_button",
    ),
)

# A refuse truck's loop: depot, the old town, the waterfront, back (real streets, coarse).
TRUCK_ROUTE: tuple[tuple[float, float], ...] = (
    (38.45800, 23.58100),
    (38.46050, 23.58660),
    (38.46270, 23.58980),
    (38.46552, 23.59249),
    (38.46680, 23.59620),
    (38.47060, 23.60650),
    (38.47280, 23.60220),
    (38.46400, 23.59700),
    (38.46093, 23.59131),
    (38.45800, 23.58100),
)
