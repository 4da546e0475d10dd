-- job_run becomes the job history of every job (messaging-support JobHistory owns it, as in every
-- service): who asked for a run, how many runs a summing row stands for, and why a run failed
-- (exception types and SQL state only, never a message). Rows written before stand for one run.
alter table job_run
    alter column job type varchar(64),
    add column requested_by varchar(64),
    add column runs int not null default 1,
    add column failure varchar(300);
