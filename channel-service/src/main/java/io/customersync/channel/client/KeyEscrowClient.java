package io.customersync.channel.client;

import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.customersync.channel.domain.CustomerDataKeys;
import io.customersync.channel.domain.KeyEscrow;

/** {@link KeyEscrow} over HTTP: any answer but 2xx, or none, leaves the keys pending. */
@ApplicationScoped
public class KeyEscrowClient implements KeyEscrow {

    private final HqCustomerKeys hq;

    public KeyEscrowClient(@RestClient HqCustomerKeys hq) {
        this.hq = hq;
    }

    @Override
    public void escrow(List<CustomerDataKeys.PendingKey> keys) {
        Base64.Encoder base64 = Base64.getEncoder();
        answered(() -> {
            hq.escrow(new HqCustomerKeys.CustomerKeys(keys.stream().map(k -> new HqCustomerKeys.CustomerKey(k.keyId(),
                    k.customerId(), base64.encodeToString(k.secret()))).toList()));
            return null;
        });
    }

    @Override
    public int giveBack(List<CustomerDataKeys.MadeAhead> keys) {
        return answered(() -> hq.forgetUnused(new HqCustomerKeys.UnusedKeys(keys.stream()
                .map(k -> new HqCustomerKeys.UnusedKey(k.key().keyId(), k.customerId())).toList())).forgotten());
    }

    /** HQ's answer to a call; any answer but 2xx, or none, is a {@link NotTakenException}. */
    private static <T> T answered(Supplier<T> call) {
        try {
            return call.get();
        } catch (WebApplicationException answered) {
            throw new NotTakenException("HQ answered " + answered.getResponse().getStatus(), null);
        } catch (ProcessingException noAnswer) {
            throw new NotTakenException(noAnswer.getClass().getSimpleName(), noAnswer);
        }
    }
}
