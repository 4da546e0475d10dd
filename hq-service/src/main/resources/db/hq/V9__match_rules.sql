-- Duplicates by match rules (hq.duplicates.*, MatchRules): a name and a contact value together, never a
-- contact value alone; values shared by many customers (a store's phone) are placeholders.

-- For each customer of the master: one key per contact value (to count its holders) and one per match
-- rule (to find a match); MD5 digests of the normalized values, computed by hq-service. Each lookup
-- reads a bounded number of entries of the primary key, however many customers share a value.
create table customer_match_key (
    match_key      uuid        not null,
    account_number varchar(32) not null,
    primary key (match_key, account_number)
);

-- Contact values found held by more customers than hq.duplicates.shared-value-threshold: never matched,
-- listed for ops.
create table shared_contact_value (
    kind        varchar(16)  not null,
    value       varchar(400) not null,
    detected_at timestamptz  not null default now(),
    primary key (kind, value)
);

-- The review queue: flagged (FLAG) and held (HOLD) possible duplicates until ops decide.
alter table possible_duplicate alter column matched_on type varchar(200);
alter table possible_duplicate add column decision varchar(16);
alter table possible_duplicate add column decided_at timestamptz;
create index possible_duplicate_open on possible_duplicate (detected_at, id) where decided_at is null;

-- A flagged customer merged by ops into another account keeps its number (never reused).
alter table customer add column merged_into varchar(32) references customer (account_number);

-- The match keys replace the e-mail and phone lookups of the master.
drop index customer_email_normalized;
drop index customer_phone_normalized;
alter table customer drop column email_normalized;
alter table customer drop column phone_normalized;

-- Customers of the master from before this version get their keys at the next start (MatchKeyBackfill).
create table match_key_backfill (
    after_account varchar(32),
    done          boolean not null
);
insert into match_key_backfill (after_account, done) select null, not exists (select 1 from customer);
