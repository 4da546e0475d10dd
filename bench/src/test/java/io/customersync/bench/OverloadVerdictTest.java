package io.customersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** #17's overload target: 256 clients and more keep at least 80 % of the best goodput at lower concurrency. */
class OverloadVerdictTest {

    @Test
    void aRowIsHeldToTheBestRowWithFewerClientsNotToAFasterOneWithMore() {
        // the 2026-12-03 11:23 run: the 1,024-client row was the fastest of all
        Report report = report(399, 451, 443, 584);

        assertEquals("Overload verdict: **PASS** (target: 256 and more clients >= 80% of the best row with fewer"
                + " clients)", report.overloadVerdict());
    }

    @Test
    void aCollapseUnderOverloadFailsNamingTheRowAndItsShare() {
        Report report = report(400, 450, 440, 330);

        assertEquals("Overload verdict: **FAIL** (target: 256 and more clients >= 80% of the best row with fewer"
                + " clients); below: 1024 clients 73%", report.overloadVerdict());
    }

    @Test
    void withoutARowOfFewerClientsThereIsNothingToHoldOverloadTo() {
        Report report = new Report();
        report.overload.add(row(256, 500));

        assertEquals("Overload verdict: **FAIL** (target: 256 and more clients >= 80% of the best row with fewer"
                + " clients)", report.overloadVerdict());
    }

    private static Report report(int... createdPerSecond) {
        Report report = new Report();
        int[] clients = {16, 64, 256, 1024};
        for (int i = 0; i < createdPerSecond.length; i++) {
            report.overload.add(row(clients[i], createdPerSecond[i]));
        }
        return report;
    }

    private static ClosedLoopLoad.Result row(int clients, int createdPerSecond) {
        return new ClosedLoopLoad.Result(clients, 15, createdPerSecond * 15, Map.of("201", createdPerSecond * 15));
    }
}
