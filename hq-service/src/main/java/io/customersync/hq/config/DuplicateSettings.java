package io.customersync.hq.config;

import java.util.List;

import io.customersync.hq.domain.DuplicatePolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How HQ finds customers that may be someone it already knows (docs/configuration.md,
 * README "Duplicates").
 */
@ConfigMapping(prefix = "hq.duplicates")
public interface DuplicateSettings {

    /** FLAG (new account, listed for review), LINK (the existing account) or HOLD (wait for ops). */
    @WithDefault("FLAG")
    DuplicatePolicy.Policy policy();

    /**
     * Match rules, each fields joined by {@code +} that must all be equal after normalization:
     * {@code email}, {@code phone}, {@code address}, {@code firstName}, {@code firstInitial},
     * {@code lastName}. Every rule names {@code lastName} and one contact field.
     */
    @WithDefault("email+firstName+lastName,phone+firstName+lastName,address+firstName+lastName")
    List<String> rules();

    /**
     * E-mails and phones that never match anyone (store phones, {@code noemail@...}; 0000000000 and other one-digit phones never match anyway); an entry
     * ending in {@code @} is any e-mail with that local part.
     */
    @WithDefault("1234567890,0123456789,noemail@,none@,no@,nomail@,noreply@,test@test.com")
    List<String> neverMatch();

    /** A contact value already held by this many customers is a placeholder, not a person's. */
    @WithDefault("20")
    int sharedValueThreshold();
}
