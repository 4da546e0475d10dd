package io.customersync.channel.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.channel.domain.RealTimeService;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;

/**
 * {@link RealTimeService} over HTTP: HQ's answers turned into what they mean for the channel. Only
 * no answer (connection refused, time-out) or a server-side failure (5xx, 429) counts as HQ unreachable;
 * 422 and 409 carry HQ's decision; any other refusal is a setting or contract problem.
 */
@ApplicationScoped
public class RealTimeServiceClient implements RealTimeService {

    private final HqRealTimeService hq;
    private final ObjectMapper json;

    public RealTimeServiceClient(@RestClient HqRealTimeService hq, ObjectMapper json) {
        this.hq = hq;
        this.json = json;
    }

    @Override
    public CustomerSynchronized create(CustomerCreated customer) {
        try {
            return hq.create(customer);
        } catch (WebApplicationException answered) {
            int status = answered.getResponse().getStatus();
            JsonNode problem = problemOf(answered);
            String detail = problem.path("detail").asText("HTTP " + status);
            if (status == 422) {
                throw new HqRefusedException(problem.path("errors").path(0).path("field").asText("customer"), detail);
            }
            if (status == 409) {
                throw new HqHoldException(detail);
            }
            if (status >= 500 || status == 429) {
                throw new HqUnreachableException("HQ answered " + status, answered);
            }
            throw new HqRejectedCallException(status);
        } catch (ProcessingException noAnswer) {
            throw new HqUnreachableException(noAnswer.getClass().getSimpleName(), noAnswer);
        }
    }

    private JsonNode problemOf(WebApplicationException answered) {
        try {
            return json.readTree(answered.getResponse().readEntity(String.class));
        } catch (RuntimeException | java.io.IOException unreadable) {
            return json.createObjectNode();
        }
    }
}
