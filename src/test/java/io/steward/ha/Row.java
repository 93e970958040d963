package io.steward.ha;

import io.steward.model.ClusterView;
import io.steward.model.LocalView;

import java.util.function.UnaryOperator;

/**
 * One situation of the decision table: the inputs and the expected outcome. {@code actions} is the actions'
 * {@link Action#describe()} joined by single spaces ("" for none); {@code message} is the exact decision message.
 */
record Row(String name, ClusterView cluster, LocalView local, UnaryOperator<HaSettings> tweak, String actions,
           String message) {

    static Row row(String name, ClusterView c, LocalView.Builder l, String actions, String message) {
        return new Row(name, c, l.build(), UnaryOperator.identity(), actions, message);
    }

    static Row row(String name, ClusterView c, LocalView.Builder l, UnaryOperator<HaSettings> tweak, String actions,
                   String message) {
        return new Row(name, c, l.build(), tweak, actions, message);
    }

    HaSettings settings() {
        return tweak.apply(HaSettings.defaults(local.name()));
    }

    @Override
    public String toString() {
        return name;
    }
}
