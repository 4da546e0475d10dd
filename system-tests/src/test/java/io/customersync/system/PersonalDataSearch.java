package io.customersync.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Searches every table of HQ's, distribution's and both channel databases for personal values (docs/privacy.md). */
final class PersonalDataSearch {

    private static final List<String> DATABASES = List.of("hq", "distribution", "channel_houston", "channel_online");

    private PersonalDataSearch() {
    }

    /** Every "database.table" whose rows, as text, contain one of the values (any case). */
    static List<String> holders(List<String> values) throws Exception {
        List<String> found = new ArrayList<>();
        for (String database : DATABASES) {
            try (Connection db = RunningSystem.get().connect(database)) {
                for (String table : tables(db)) {
                    for (String value : values) {
                        try (PreparedStatement search = db.prepareStatement(
                                "select count(*) from \"" + table + "\" t where t::text ilike ?")) {
                            search.setString(1, "%" + value + "%");
                            try (ResultSet rs = search.executeQuery()) {
                                rs.next();
                                if (rs.getLong(1) > 0 && !found.contains(database + "." + table)) {
                                    found.add(database + "." + table);
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static List<String> tables(Connection db) throws Exception {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement select = db.prepareStatement(
                "select tablename from pg_tables where schemaname = 'public' order by 1");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }
}
