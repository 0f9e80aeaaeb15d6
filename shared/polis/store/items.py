"""pynamodb items of the single table, with their keys and access patterns.

Key shapes (``M#<municipality>`` always first):

=========  ==========================================  ======================  ==============================
item       pk                                          sk                      access pattern
=========  ==========================================  ======================  ==============================
device     M#<m>#DEVICE                                <dev_eui>               a municipality's fleet (Query)
           gsi1: DEVEUI#<dev_eui> / DEVICE                                     an uplink's device (GSI Query)
reading    M#<m>#DEVICE#<dev_eui>#READING              <observed_at>#<fcnt>    a device's time series (Query)
bin        M#<m>#BIN                                   <bin_id>                a municipality's bins (Query)
asset      M#<m>#ASSET#<kind>                          <asset_id>              a municipality's assets of one
                                                                               kind (Query); a device's asset
                                                                               (BatchGet, its domain's kinds)
state      M#<m>#STATE#<domain>                        <asset_id>              the latest state of a domain's
                                                                               assets (Query), of one (Get)
reject     M#<m>#REJECT (M#_platform#REJECT when the   <received_at>#<id>      rejected uplinks, newest first
           municipality cannot be known)
downlink   M#<m>#DEVICE#<dev_eui>#DOWNLINK             <requested_at>#<id>     commands sent, newest first
notifica-  M#<m>#USER#<user_id>#NOTIFICATION          <created_at>#<id>       a person's notifications,
tion                                                                           newest first (their inbox)
municipal- M#_platform#MUNICIPALITY                    <municipality>          every municipality served
ity                                                                            (Query; the health check)
=========  ==========================================  ======================  ==============================
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

PLATFORM = "_platform"
"""Partition owner for records no municipality can be named for (an uplink from an unknown device)."""


class _TableMeta:
    # Bound to the physical table name by polis.store.table.bind() before first use.
    table_name = "polis"


class DevEuiIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class PolisItem(Model):
    Meta = _TableMeta

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    municipality = UnicodeAttribute()


class DeviceItem(PolisItem):
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute(default="DEVICE")
    by_dev_eui = DevEuiIndex()

    dev_eui = UnicodeAttribute()
    model = UnicodeAttribute()
    domain = UnicodeAttribute()
    asset_id = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    latitude = NumberAttribute()
    longitude = NumberAttribute()
    active = BooleanAttribute(default=True)
    created_at = UTCDateTimeAttribute()
    last_seen_at = UTCDateTimeAttribute(null=True)
    last_fcnt = NumberAttribute(null=True)
    battery_voltage = NumberAttribute(null=True)
    battery_level = NumberAttribute(null=True)
    battery_low = BooleanAttribute(null=True)
    rssi = NumberAttribute(null=True)
    snr = NumberAttribute(null=True)
    expected_interval_s = NumberAttribute(null=True)
    silent = BooleanAttribute(null=True)
    decommissioned_at = UTCDateTimeAttribute(null=True)


class ReadingItem(PolisItem):
    dev_eui = UnicodeAttribute()
    domain = UnicodeAttribute()
    observed_at = UTCDateTimeAttribute()
    fport = NumberAttribute()
    fcnt = NumberAttribute()
    quantities = MapAttribute()  # name -> {value, unit}
    expires_at = TTLAttribute()


class BinItem(PolisItem):
    bin_id = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    latitude = NumberAttribute()
    longitude = NumberAttribute()
    depth_mm = NumberAttribute()
    volume_litres = NumberAttribute()
    waste_stream = UnicodeAttribute()
    full_threshold_pct = NumberAttribute()
    dev_eui = UnicodeAttribute(null=True)
    fill_pct = NumberAttribute(null=True)
    observed_at = UTCDateTimeAttribute(null=True)


class AssetItem(PolisItem):
    asset_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    latitude = NumberAttribute()
    longitude = NumberAttribute()
    settings = MapAttribute()  # name -> number or text


class StateItem(PolisItem):
    domain = UnicodeAttribute()
    asset_id = UnicodeAttribute()
    dev_eui = UnicodeAttribute()
    observed_at = UTCDateTimeAttribute()
    values = MapAttribute()  # name -> {value, unit}
    status = UnicodeAttribute(null=True)


class RejectItem(PolisItem):
    reject_id = UnicodeAttribute()
    received_at = UTCDateTimeAttribute()
    reason = UnicodeAttribute()
    detail = UnicodeAttribute()
    source = UnicodeAttribute()
    dev_eui = UnicodeAttribute(null=True)
    raw = UnicodeAttribute()
    expires_at = TTLAttribute()


class DownlinkItem(PolisItem):
    downlink_id = UnicodeAttribute()
    dev_eui = UnicodeAttribute()
    model = UnicodeAttribute()
    command = UnicodeAttribute()  # the command as JSON, with its kind
    fport = NumberAttribute()
    payload_hex = UnicodeAttribute()
    confirmed = BooleanAttribute()
    requested_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()  # sent, recorded-locally or failed
    reason = UnicodeAttribute(null=True)
    message_id = UnicodeAttribute(null=True)


class MunicipalityItem(PolisItem):
    name = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


class NotificationItem(PolisItem):
    notification_id = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    notification = UnicodeAttribute()  # the Notification as JSON
    deliveries = ListAttribute(of=MapAttribute)
