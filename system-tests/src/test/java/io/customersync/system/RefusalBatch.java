package io.customersync.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.customersync.system.FuzzRequests.FuzzRequest;

/**
 * The fuzzer's refused requests since the rows were last compared: refusals in a row are checked
 * together, every {@code size} of them and before any request that is meant to write, with one
 * {@link RowFingerprints} reading instead of one each. A refusal changes no row, so the rows after
 * the batch must be the quiet rows before it; if not, the failure lists the batch's requests
 * ({@code -Dfuzz.batch=1} with the same seed names the one).
 * <p>One case hides a batch: a request with a fault put in that is accepted anyway and writes; its
 * rows would be blamed on the refusals before it, so those are counted as not checked
 * ({@link #blurred()}) instead of compared.
 */
final class RefusalBatch {

    private final int size;
    private final List<String> pending = new ArrayList<>();
    private int checked;
    private int blurred;

    RefusalBatch(int size) {
        this.size = Math.max(1, size);
    }

    void add(FuzzRequest request, HttpFuzzingIT.Answer answer) {
        pending.add(request + " -> " + answer.status());
    }

    boolean full() {
        return pending.size() >= size;
    }

    /** Compares the rows now with the quiet rows before the pending refusals; fails if any differs. */
    void check(RowFingerprints rows, Map<String, String> quietRows, long seed) throws Exception {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, String> after = rows.take();
        if (!after.equals(quietRows)) {
            throw new AssertionError("refused, but rows changed: " + RowFingerprints.diff(quietRows, after)
                    + " (seed " + seed + "; one of these " + pending.size() + " refused requests: " + pending + ")");
        }
        checked += pending.size();
        pending.clear();
    }

    /** An accepted write followed the pending refusals before they were checked: they cannot be. */
    void blur() {
        blurred += pending.size();
        pending.clear();
    }

    int size() {
        return size;
    }

    int checked() {
        return checked;
    }

    int blurred() {
        return blurred;
    }
}
