-- The number sequence's start and step (hq.account-number.start / .step), applied when the HQ
-- database is set up. The start applies only to a sequence that never gave out a number: moving
-- a used sequence back would give numbers out twice. Change them later with ALTER SEQUENCE, forward only.
alter sequence account_number_seq increment by ${accountNumberStep};
select setval('account_number_seq', ${accountNumberStart}, false)
where not (select is_called from account_number_seq);
