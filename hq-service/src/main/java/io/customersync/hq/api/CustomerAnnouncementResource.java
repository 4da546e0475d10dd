package io.customersync.hq.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.customersync.api.ApiRoles;
import io.customersync.hq.domain.CustomerAnnouncements;
import io.smallrye.common.annotation.Blocking;

/**
 * A channel's full sync (docs/ops.md): distribution-service reads here, with its own key of role
 * {@code distribution}, the current announcement of every customer created at the channels whose
 * customers go to a store added to an address book (or back from retirement), page by page by account
 * number, and queues them for that store alone. What it reads is what the sync topic carries, opened
 * (distribution opens every record of the topic): the customer, its account number, addresses and version.
 */
@RolesAllowed(ApiRoles.DISTRIBUTION)
@Path("/api/v1/customer-announcements")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CustomerAnnouncementResource {

    private final CustomerAnnouncements announcements;

    public CustomerAnnouncementResource(CustomerAnnouncements announcements) {
        this.announcements = announcements;
    }

    @APIResponse(responseCode = "200", description = "A page of announcements; nextAfter is null after the last page")
    @GET
    public CustomerAnnouncements.Page page(
            @QueryParam("origin") @NotEmpty @Size(max = 1000) List<@Size(min = 1, max = 64) String> origins,
            @QueryParam("after") @Size(max = 64) String after,
            @QueryParam("limit") @DefaultValue("500") @Min(1) @Max(CustomerAnnouncements.MAX_PAGE) int limit) {
        return announcements.page(List.copyOf(origins), after, limit);
    }
}
