package io.customersync.hq.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.hibernate.validator.constraints.time.DurationMin;

import io.customersync.messaging.JobSchedule;
import io.customersync.messaging.PipelineConfig;
import io.smallrye.config.ConfigMapping;

/**
 * hq-service's own settings (docs/configuration.md), validated at start: its jobs, account
 * numbers, customer rules, and its relay and consumer. The duplicate rules are
 * {@link DuplicateSettings}.
 */
@ConfigMapping(prefix = "hq")
public interface HqConfig {

    Jobs jobs();

    AccountNumber accountNumber();

    Customer customer();

    /** The relay that publishes customer-sync events. */
    PipelineConfig.Relay syncRelay();

    /** The real-time service's group commit (sync mode): calls that come together share a transaction. */
    PipelineConfig.GroupCommits realTime();

    /** The consumer of the channels' uploads. */
    PipelineConfig.Consumer uploadConsumer();

    /** The recent past of staging for the pipeline page's charts. */
    StagingHistory stagingHistory();

    /** distribution-service, asked for the channel databases' part of a personal-data export (docs/privacy.md). */
    Distribution distribution();

    interface Distribution {
        /** Base URL; unset: an export lists the channel databases as unavailable. */
        Optional<String> url();

        @DurationMin(millis = 1)
        Duration timeout();
    }

    /** HQ's jobs, each with its mode and interval; a continuous one also sweeps every sweep-interval. */
    interface Jobs {
        CustomerSync customerSync();

        JobSchedule orderSync();

        JobSchedule statementPosting();

        @DurationMin(millis = 1)
        Duration sweepInterval();

        /** Customers or orders one query takes. */
        @Positive
        int batchSize();

        @DurationMin(millis = 0)
        Duration stopGrace();
    }

    interface CustomerSync extends JobSchedule {
        /** Transactions one run syncs in at once. */
        @Positive
        int parallelism();

        /** No chunk of a run is smaller than this (unless the run is). */
        @Positive
        int minChunk();

        /**
         * A poll of the upload consumer with at most this many new customers has them numbered by the
         * consumer itself, in the transaction that stages them, when the job is CONTINUOUS (an idle
         * pipeline skips the hand-off to the job and a commit); larger polls go to the job's workers. 0: never.
         */
        @PositiveOrZero
        int inlineMax();
    }

    /** HQ samples its staged customers pending per channel every sample-interval and keeps a window of them. */
    interface StagingHistory {
        @DurationMin(millis = 100)
        Duration sampleInterval();

        /** At least one sample interval. */
        @DurationMin(seconds = 1)
        Duration window();
    }

    interface AccountNumber {
        /** e.g. {@code C{000000}}: the digits' placeholder in braces. */
        @NotBlank
        String format();

        /** The sequence's first number and step (read by the migration that creates it). */
        long start();

        @Positive
        long step();
    }

    interface Customer {
        /** Fields HQ requires beyond the channel's checks: email, phone, address. */
        Optional<List<String>> requiredFields();
    }
}
