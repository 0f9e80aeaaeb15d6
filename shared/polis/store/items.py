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
truck      M#<m>#TRUCK                                 <truck_id>              a municipality's collection
                                                                               trucks (Query), one (Get)
disposal   M#<m>#DISPOSAL_SITE                         <site_id>               where its trucks unload (Query)
site
route      M#<m>#ROUTE_PLAN                            <service day>           the day's current route plan
plan                                                                           (Get); recent days (Query,
                                                                               newest first)
truck      M#<m>#ROUTE_PLAN#<service day>              <run_id>#<truck_id>     a truck's route in a run's plan
route                                                                          (Get), all of a run's routes
                                                                               (Query, begins_with run_id),
                                                                               with their pickups
routing    M#<m>#ROUTING_RUN                           latest                  the latest run started, so
run                                                                            bin.full starts one at most
                                                                               per quiet period (conditional
                                                                               Put)
consult-   M#<m>#CONSULTATION                          <consultation_id>       a municipality's consultations
ation                                                                          (Query), one (Get); indicator
                                                                               rounds (Query, begins_with
                                                                               indicators-)
response   M#<m>#CONSULTATION#<id>#RESPONSE            <participant>           one per participant: a
                                                                               conditional Put, in one
                                                                               transaction with a check of
                                                                               the consultation's status;
                                                                               theirs (Get); tally (Query)
text       M#<m>#CONSULTATION#<id>#TEXT                <text_id>               free-text answers without
                                                                               their author, to moderate and
                                                                               publish (Query)
citizen    M#<m>#CITIZEN                               <subject>               a citizen's profile (Get);
profile                                                                        those to invite (Query)
partici-   M#<m>#PARTICIPANT                           <subject>               who took part and wants to
pant                                                                           hear of the next (Query)
service    M#<m>#SERVICE_REQUEST                       <reference>             one (Get, BatchGet); those
request                                                                        submitted in a span (Query, sk
                                                                               between the years' references,
                                                                               filter on submitted_at)
           gsi1: M#<m>#SERVICE_REQUEST#OPEN / <reference>                      the open ones (GSI Query; the
                                                                               keys are removed on closing,
                                                                               so the index holds open only)
service    M#<m>#SERVICE_REQUEST#<reference>#COMMENT   <at>#<comment_id>       a request's comments (Query)
request
comment
service    M#<m>#SERVICE_REQUEST_TOKEN                 <token>                 Open311's token to reference
request                                                                        (Get)
token
reference  M#<m>#SERVICE_REQUEST_COUNTER               <year>                  the year's last number (atomic
counter                                                                        Update ADD)
reporter   M#<m>#USER#<subject>#SERVICE_REQUEST        <reference>             a citizen's own requests
request                                                                        (Query, then BatchGet)
category   M#<m>#CATEGORY                              <code>                  a municipality's categories of
                                                                               service requests (Query), one
                                                                               (Get)
=========  ==========================================  ======================  ==============================
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

PLATFORM = "_platform"
"""Partition owner for records no municipality can be named for (an uplink from an unknown device)."""


class DevEuiIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class PolisItem(Model):
    class Meta:
        # Bound to the physical table name by polis.store.table.bind() before first use.
        table_name = "polis"

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
    quantities: MapAttribute[str, Any] = MapAttribute()  # name -> {value, unit}
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
    access_start = UnicodeAttribute(null=True)  # local time of day, ISO (06:00:00)
    access_end = UnicodeAttribute(null=True)


class AssetItem(PolisItem):
    asset_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    latitude = NumberAttribute()
    longitude = NumberAttribute()
    settings: MapAttribute[str, Any] = MapAttribute()  # name -> number or text


class StateItem(PolisItem):
    domain = UnicodeAttribute()
    asset_id = UnicodeAttribute()
    dev_eui = UnicodeAttribute()
    observed_at = UTCDateTimeAttribute()
    values: MapAttribute[str, Any] = MapAttribute()  # name -> {value, unit}
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
    reference_prefix = UnicodeAttribute(null=True)


class NotificationItem(PolisItem):
    notification_id = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    notification = UnicodeAttribute()  # the Notification as JSON
    deliveries = ListAttribute(of=MapAttribute)


class TruckItem(PolisItem):
    truck_id = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    latitude = NumberAttribute()
    longitude = NumberAttribute()
    volume_capacity_litres = NumberAttribute()
    weight_capacity_kg = NumberAttribute()
    waste_streams = ListAttribute(of=UnicodeAttribute)
    shift_start = UnicodeAttribute()  # local time of day, ISO (06:00:00)
    shift_end = UnicodeAttribute()
    driver = UnicodeAttribute(null=True)


class DisposalSiteItem(PolisItem):
    site_id = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    latitude = NumberAttribute()
    longitude = NumberAttribute()
    waste_streams = ListAttribute(of=UnicodeAttribute)
    unload_minutes = NumberAttribute()


class RoutePlanItem(PolisItem):
    run_id = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    plan = UnicodeAttribute()  # the RoutePlanRecord as JSON


class TruckRouteItem(PolisItem):
    run_id = UnicodeAttribute()
    truck_id = UnicodeAttribute()
    route = UnicodeAttribute()  # the PlannedRoute as JSON
    # bin id -> {at, by}, one entry per confirmed stop
    pickups: MapAttribute[str, Any] = MapAttribute(default=dict)


class RoutingRunItem(PolisItem):
    run_id = UnicodeAttribute()
    trigger = UnicodeAttribute()
    started_at = UTCDateTimeAttribute()


class ConsultationItem(PolisItem):
    consultation_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    status = UnicodeAttribute()
    content = UnicodeAttribute()  # the Content as JSON
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    submissions = NumberAttribute(default=0)
    execution_arn = UnicodeAttribute(null=True)
    task_token = UnicodeAttribute(null=True)  # the approval task's, while it waits for a decision
    review = UnicodeAttribute(null=True)  # the Review as JSON
    cancellation = UnicodeAttribute(null=True)  # the Cancellation as JSON
    results = UnicodeAttribute(null=True)  # the Results as JSON


class ResponseItem(PolisItem):
    consultation_id = UnicodeAttribute()
    participant = UnicodeAttribute()
    answers = UnicodeAttribute()  # question id -> answer, as JSON
    age_band = UnicodeAttribute(null=True)
    gender = UnicodeAttribute(null=True)
    district = UnicodeAttribute(null=True)
    keep_me_informed = BooleanAttribute()
    email = UnicodeAttribute(null=True)
    text_ids = UnicodeAttribute()  # question id -> text id, as JSON
    submitted_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class TextItem(PolisItem):
    consultation_id = UnicodeAttribute()
    text_id = UnicodeAttribute()
    question_id = UnicodeAttribute()
    text = UnicodeAttribute()
    status = UnicodeAttribute()
    submitted_at = UTCDateTimeAttribute()


class CitizenProfileItem(PolisItem):
    subject = UnicodeAttribute()
    birth_year = NumberAttribute(null=True)
    gender = UnicodeAttribute(null=True)
    district = UnicodeAttribute(null=True)
    resident = BooleanAttribute()
    invitations = BooleanAttribute()
    email = UnicodeAttribute(null=True)  # kept only while invitations are wanted
    updated_at = UTCDateTimeAttribute()


class ParticipantItem(PolisItem):
    subject = UnicodeAttribute()
    email = UnicodeAttribute()
    last_consultation_id = UnicodeAttribute()
    last_participated_at = UTCDateTimeAttribute()


class OpenServiceRequestIndex(GlobalSecondaryIndex):
    """gsi1 again (single-table overloading): only open service requests carry its keys."""

    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class ServiceRequestItem(PolisItem):
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    open_requests = OpenServiceRequestIndex()

    reference = UnicodeAttribute()
    submitted_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()
    request = UnicodeAttribute()  # the ServiceRequest as JSON
    version = VersionAttribute()


class ServiceRequestCommentItem(PolisItem):
    reference = UnicodeAttribute()
    comment = UnicodeAttribute()  # the Comment as JSON


class ServiceRequestTokenItem(PolisItem):
    reference = UnicodeAttribute()


class ReferenceCounterItem(PolisItem):
    last = NumberAttribute(default=0)


class ReporterRequestItem(PolisItem):
    reference = UnicodeAttribute()


class CategoryItem(PolisItem):
    category = UnicodeAttribute()  # the Category as JSON
