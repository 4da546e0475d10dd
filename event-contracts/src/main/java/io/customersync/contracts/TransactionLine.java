package io.customersync.contracts;

import java.math.BigDecimal;

/** One line of a retail transaction. */
public record TransactionLine(String sku, BigDecimal quantity, BigDecimal unitPrice) {

    public TransactionLine {
        Require.text(sku, "sku");
        Require.present(quantity, "quantity");
        Require.present(unitPrice, "unitPrice");
    }
}
