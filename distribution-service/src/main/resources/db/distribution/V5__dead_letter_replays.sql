-- Dead letters ops sent back to their topic from the pipeline page: one replay per record, and who did it.
create table dead_letter_replay (
    topic       varchar(249) not null,
    partition   int          not null,
    "offset"    bigint       not null,
    replayed_by varchar(200) not null,
    replayed_at timestamptz  not null default now(),
    replayed_to varchar(300),
    primary key (topic, partition, "offset")
);
