package io.customersync.distribution.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.distribution.client.HqOpsClient;
import io.customersync.distribution.metrics.PipelineHistory;
import io.customersync.messaging.SampleHistory;
import io.smallrye.common.annotation.Blocking;

/**
 * The pipeline page's charts: distribution's own samples of the recent past and HQ's staging pending
 * per channel (from hq-service with the caller's own key), each as columns (times, then a value per
 * series and time; null is a gap).
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/pipeline/history")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class PipelineHistoryResource {

    /** Distribution's series, and HQ's ({@code staging/<channel>}) or why there are none. */
    public record History(SampleHistory.Columns distribution, Hq hq) {
    }

    /** HQ's staging history as hq-service gave it, or the reason it is missing. */
    public record Hq(boolean reachable, String error, JsonNode history) {

        static Hq unreachable(String error) {
            return new Hq(false, error, null);
        }
    }

    private final PipelineHistory history;
    private final HqOpsClient hq;
    private final Caller caller;

    public PipelineHistoryResource(PipelineHistory history, HqOpsClient hq, Caller caller) {
        this.history = history;
        this.hq = hq;
        this.caller = caller;
    }

    @GET
    public History get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        SampleHistory.Columns own = history.columns()
                .select(series -> PipelineHistory.channelOf(series).map(caller::sees).orElse(true));
        return new History(own, hqHistory(authorization));
    }

    private Hq hqHistory(String authorization) {
        if (!hq.configured()) {
            return Hq.unreachable("distribution.pipeline.hq-url is not set");
        }
        try {
            HqOpsClient.Answer answer = hq.get("/api/v1/staging/counts/history", authorization);
            return answer.status() == 200 ? new Hq(true, null, answer.body())
                    : Hq.unreachable("hq-service answered " + answer.status());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Hq.unreachable("interrupted");
        } catch (Exception e) {
            return Hq.unreachable("hq-service did not answer: " + e.getClass().getSimpleName());
        }
    }
}
