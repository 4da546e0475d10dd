package io.customersync.channel.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes async customer numbers offline, without HQ: the channel id, a dash and a channel-local
 * sequence ({@code HOUSTON-000000042}). Globally unique because channel ids are.
 */
@ApplicationScoped
public class AsyncCustomerNumbers {

    private final EntityManager em;
    private final int digits;

    public AsyncCustomerNumbers(EntityManager em,
            @ConfigProperty(name = "channel.async-customer-number.digits") int digits) {
        this.em = em;
        this.digits = digits;
    }

    public String next(String channelId) {
        long value = ((Number) em.createNativeQuery("select nextval('async_customer_number_seq')")
                .getSingleResult()).longValue();
        return format(channelId, value, digits);
    }

    static String format(String channelId, long value, int digits) {
        return channelId + "-" + String.format("%0" + digits + "d", value);
    }
}
