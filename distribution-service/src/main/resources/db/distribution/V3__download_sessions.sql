-- A delivery that failed max-attempts times is parked (failed_at) until ops retry it.
alter table pending_delivery add column failed_at timestamptz;

drop index pending_delivery_due;
create index pending_delivery_due on pending_delivery (channel_id, id) where delivered_at is null and failed_at is null;

-- Download sessions (CDX's word): every delivery batch to a channel database, with its outcome.
create table download_session (
    id             bigserial   primary key,
    channel_id     varchar(32) not null,
    status         varchar(16) not null check (status in ('APPLIED', 'RETRYING', 'FAILED')),
    rows           int         not null,
    first_event_id uuid        not null,
    last_event_id  uuid        not null,
    attempt        int         not null,
    last_error     text,
    started_at     timestamptz not null,
    finished_at    timestamptz not null
);

create index download_session_channel on download_session (channel_id, id desc);
