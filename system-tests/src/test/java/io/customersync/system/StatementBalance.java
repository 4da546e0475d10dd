package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A channel's end-of-day statement at HQ ({@code POST /api/v1/statements/{channelId}/post}), and whether it
 * balances: its header in HQ's {@code statement} table is what the call answered, its transaction count and
 * totals per currency are those of the sales posted in it ({@code channel_transaction.statement_id}), and
 * each of those sales' total is the sum of its lines (quantity times unit price, from its stored payload).
 */
final class StatementBalance {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** The statement as posted: its id, its header totals per currency and the sales in it (transaction id to customer id). */
    record Posted(long id, Map<String, BigDecimal> totals, Map<UUID, UUID> sales) {
    }

    private StatementBalance() {
    }

    /** Posts the channel's statement (201), checks that it balances and returns it. */
    static Posted postBalanced(String channelId) throws Exception {
        JsonNode answer = JSON.readTree(OpsCalls.hq("POST", "/api/v1/statements/" + channelId + "/post", null, 201));
        long id = answer.path("id").asLong();
        assertEquals(channelId, answer.path("channelId").asText(), answer.toString());
        assertEquals(decimals(answer.path("totals")), header(id), "the answer is the statement in HQ's table");
        assertBalances(id);
        assertEquals(answer.path("transactionCount").asInt(), sales(id).size(), answer.toString());
        return new Posted(id, header(id), sales(id));
    }

    /** Posts what the channel has unposted, if anything (201 or 409), so that a test's statement holds its own sales only. */
    static void postWhateverIsWaiting(String channelId) throws Exception {
        HttpResponse<String> answer = OpsCalls.hq("POST", "/api/v1/statements/" + channelId + "/post", null);
        assertTrue(answer.statusCode() == 201 || answer.statusCode() == 409, answer.statusCode() + " " + answer.body());
    }

    /** The statement's header totals and count equal its sales', and each sale's total its lines'. */
    static void assertBalances(long id) throws Exception {
        Map<String, BigDecimal> posted = new TreeMap<>();
        Map<String, BigDecimal> lines = new TreeMap<>();
        try (Connection hq = RunningSystem.get().connect("hq"); PreparedStatement select = hq.prepareStatement("""
                select t.currency, t.total, (select coalesce(sum((l->>'quantity')::numeric * (l->>'unitPrice')::numeric), 0)
                                             from jsonb_array_elements(t.payload->'lines') l)
                from channel_transaction t where t.statement_id = ?""")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    posted.merge(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros(), BigDecimal::add);
                    lines.merge(rs.getString(1), rs.getBigDecimal(3).stripTrailingZeros(), BigDecimal::add);
                }
            }
        }
        assertEquals(normal(posted), header(id), "statement " + id + ": header totals = the sales posted in it");
        assertEquals(normal(lines), header(id), "statement " + id + ": header totals = the lines of its sales");
        assertEquals(((Number) RunningSystem.queryOne("hq", "select transaction_count from statement where id = ?", id))
                .intValue(), sales(id).size(), "statement " + id + ": header count = the sales posted in it");
    }

    /** The sales posted in the statement: transaction id to customer id. */
    static Map<UUID, UUID> sales(long id) throws Exception {
        Map<UUID, UUID> sales = new HashMap<>();
        try (Connection hq = RunningSystem.get().connect("hq"); PreparedStatement select = hq.prepareStatement(
                "select transaction_id, customer_id from channel_transaction where statement_id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    sales.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                }
            }
        }
        return sales;
    }

    private static Map<String, BigDecimal> header(long id) throws Exception {
        return decimals(JSON.readTree(String.valueOf(
                RunningSystem.queryOne("hq", "select totals::text from statement where id = ?", id))));
    }

    private static Map<String, BigDecimal> decimals(JsonNode totals) {
        Map<String, BigDecimal> values = new TreeMap<>();
        totals.fields().forEachRemaining(e -> values.put(e.getKey(),
                e.getValue().isNumber() ? e.getValue().decimalValue() : new BigDecimal(e.getValue().asText())));
        return normal(values);
    }

    private static Map<String, BigDecimal> normal(Map<String, BigDecimal> values) {
        Map<String, BigDecimal> normal = new TreeMap<>();
        values.forEach((currency, value) -> normal.put(currency, value.stripTrailingZeros()));
        return normal;
    }
}
