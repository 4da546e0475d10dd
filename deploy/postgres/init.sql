-- One PostgreSQL server, a database per service and per channel (docker-compose.yml).
create database hq;
create database distribution;
create database channel_houston;
create database channel_online;
-- distribution-service's least-privilege role in the channel databases; channel-service's
-- migrations grant it its rights (channel-schema/README.md). Here it needs a password.
create role customer_distribution login password 'distribution';
