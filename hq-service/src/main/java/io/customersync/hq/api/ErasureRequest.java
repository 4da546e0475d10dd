package io.customersync.hq.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An erasure request (docs/privacy.md): the reference of the data subject's request (e.g. a ticket
 * number) and who asked for it on whose behalf. Kept in the erasure record; never personal data itself.
 */
public record ErasureRequest(@NotBlank @Size(max = 200) String requestReference,
        @NotBlank @Size(max = 200) String requestedBy) {
}
