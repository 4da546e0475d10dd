package io.customersync.api;

/**
 * The roles an API key gives its holder (its {@link ApiCredentials.Role} in lower case), for
 * {@code @RolesAllowed}.
 */
public final class ApiRoles {

    /** A POS terminal of one store. */
    public static final String POS = "pos";
    /** An online store's back end. */
    public static final String STOREFRONT = "storefront";
    /** Ops people: the pipeline page, jobs, staging and duplicate review. */
    public static final String OPS = "ops";
    /** A channel-service calling HQ's real-time service. */
    public static final String CHANNEL = "channel";
    /**
     * distribution-service reading the customers' data keys at HQ, to open the sealed records of the sync
     * topic (docs/privacy.md), and the customers' current announcements for a store's full sync (docs/ops.md):
     * the only things this role may do.
     */
    public static final String DISTRIBUTION = "distribution";

    private ApiRoles() {
    }
}
