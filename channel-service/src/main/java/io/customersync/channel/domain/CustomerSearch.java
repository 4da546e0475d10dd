package io.customersync.channel.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SQL of a till search and its parameters, in the order they stand (public so that a test can EXPLAIN it):
 * the customers the channel sees (its own and copies from its address book, async ones included) whose account
 * number (or one it had before a merge) or async customer number is {@code text} (any case), whose name or e-mail
 * contains each of its words, in any order (any case, accents and apostrophes, across first name, last name and
 * e-mail: "amy search" and "search amy" find Amy Search, "nunez" Núñez, "lefevre dubois" Lefèvre-Dubois), or, when
 * {@code text} is a phone number with at least three digits, whose phone contains those digits whatever the
 * punctuation. Ordered by name; an empty text lists everyone. Each arm's expression is the one of its index
 * (channel-schema V8, V24, V26), character for character.
 */
public record CustomerSearch(String where, List<Object> parameters) {

    /** What separates the words of a name as typed: spaces of any kind, hyphens and dashes. */
    private static final Pattern WORD_BREAKS = Pattern.compile("[\\s\\u00a0\\u2007\\u202f\\-\\u2010-\\u2015]+");
    /** How many of a typed phone's last digits are looked for: HQ's duplicate rules compare phones by as many. */
    private static final int LAST_DIGITS = 10;
    /** Digits a number typed in part after its country code needs before it is looked for without the code. */
    private static final int MIN_AFTER_COUNTRY_CODE = 6;
    private static final Pattern PHONE_LIKE = Pattern.compile("[+0-9 ().\\-/]*[0-9][+0-9 ().\\-/]*");

    public String select() {
        return "select " + Customers.COLUMNS + " from customer where " + where + " order by last_name, first_name, id";
    }

    public String count() {
        return "select count(*) from customer where " + where;
    }

    public static CustomerSearch of(String channelId, String text) {
        StringBuilder where = new StringBuilder("(channel_id = ? or distributed) and erased_at is null");
        List<Object> parameters = new ArrayList<>();
        parameters.add(channelId);
        if (!text.isEmpty()) {
            String number = text.toUpperCase(Locale.ROOT);
            // a number the customer had before HQ merged its account (an old loyalty card: channel-schema V26) too
            where.append(" and (account_number = ? or async_customer_number = ?"
                    + " or former_account_numbers @> array[cast(? as text)] or (");
            parameters.add(number);
            parameters.add(number);
            parameters.add(number);
            // every word typed, in any order ("nunez jose" finds José Núñez, "lefevre dubois" Lefèvre-Dubois), each
            // folded by PostgreSQL as the indexed search_text is (channel-schema V24: lower case, no accents, no
            // spaces, hyphens or apostrophes, a final ς as σ; Java's lower case differs: İ, a final Σ); names are kept
            // in NFC (StrictJson): a query typed decomposed (NFD) finds them too
            String typed = Normalizer.normalize(text, Normalizer.Form.NFC);
            List<String> words = Arrays.stream(WORD_BREAKS.split(typed)).filter(word -> !word.isEmpty()).toList();
            if (words.isEmpty()) {
                words = List.of(typed); // only spaces or hyphens: those are what is looked for
            }
            for (int i = 0; i < words.size(); i++) {
                where.append(i == 0 ? "" : " and ").append("search_text like till_search_fold(?) escape '\\'");
                parameters.add("%" + words.get(i).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            }
            where.append(')');
            String digits = text.replaceAll("[^0-9]", "");
            if (digits.length() >= 3 && PHONE_LIKE.matcher(text).matches()) {
                // a number typed with its country or trunk code finds it kept without: its last ten digits, as HQ
                // compares phones ("+1 713 555 0101" finds "713 555 0101"), and, typed in part after "+" or "00",
                // what follows a country code of one to three digits ("+1 713 555" finds "713 555 0101")
                for (String part : phoneParts(text.strip(), digits)) {
                    where.append(" or regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') like ?");
                    parameters.add("%" + part + "%");
                }
            }
            where.append(')');
        }
        return new CustomerSearch(where.toString(), List.copyOf(parameters));
    }

    /** The digits a phone typed at the till is looked for by (each with the phone index). */
    private static List<String> phoneParts(String text, String digits) {
        List<String> parts = new ArrayList<>(List.of(digits.substring(Math.max(0, digits.length() - LAST_DIGITS))));
        int international = text.startsWith("+") ? 0 : text.startsWith("00") ? 2 : -1;
        String afterPrefix = international < 0 ? "" : digits.substring(international);
        // a whole number (a code and ten digits or more) is found by its last ten digits already
        for (int code = 1; code <= 3 && afterPrefix.length() <= LAST_DIGITS
                && afterPrefix.length() - code >= MIN_AFTER_COUNTRY_CODE; code++) {
            parts.add(afterPrefix.substring(code));
        }
        return parts.stream().distinct().toList();
    }
}
