package dev.switchboard.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ListenersTest {

    @Test
    void noneIsEmptyAndShared() {
        assertThat(Listeners.none()).isEmpty();
        assertThat(Listeners.none()).isSameAs(Listeners.none());
    }

    @Test
    void addReturnsANewListAndLeavesTheOldOneAlone() {
        Runnable a = () -> { };
        Runnable b = () -> { };
        Object[] one = Listeners.add(Listeners.none(), a);
        Object[] two = Listeners.add(one, b);
        assertThat(one).containsExactly(a);
        assertThat(two).containsExactly(a, b);
        assertThat(Listeners.none()).isEmpty();
    }

    @Test
    void fireCallsEveryListenerInOrder() {
        List<String> calls = new ArrayList<>();
        Consumer<String> first = v -> calls.add("first:" + v);
        Consumer<String> second = v -> calls.add("second:" + v);
        Listeners.fire(Listeners.add(Listeners.add(Listeners.none(), first), second), "x", "test");
        assertThat(calls).containsExactly("first:x", "second:x");
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthers() {
        List<String> calls = new ArrayList<>();
        Consumer<String> bad = v -> {
            throw new IllegalStateException("bug");
        };
        Consumer<String> good = calls::add;
        Listeners.fire(Listeners.add(Listeners.add(Listeners.none(), bad), good), "x", "test");
        assertThat(calls).containsExactly("x");

        Runnable badRun = () -> {
            throw new IllegalStateException("bug");
        };
        Runnable goodRun = () -> calls.add("run");
        Listeners.run(Listeners.add(Listeners.add(Listeners.none(), badRun), goodRun), "test");
        assertThat(calls).containsExactly("x", "run");
    }

    @Test
    void listenerAddedWhileFiringWaitsForTheNextEvent() {
        List<String> calls = new ArrayList<>();
        Object[][] list = {Listeners.none()};
        Runnable late = () -> calls.add("late");
        Runnable adder = () -> {
            calls.add("adder");
            list[0] = Listeners.add(list[0], late);
        };
        list[0] = Listeners.add(list[0], adder);
        Listeners.run(list[0], "test");
        assertThat(calls).containsExactly("adder");
        calls.clear();
        Listeners.run(list[0], "test");
        assertThat(calls).containsExactly("adder", "late");
    }

    @Test
    void errorsAreNotSwallowed() {
        Runnable fatal = () -> {
            throw new StackOverflowError();
        };
        assertThatThrownBy(() -> Listeners.run(Listeners.add(Listeners.none(), fatal), "x"))
                .isInstanceOf(StackOverflowError.class);
    }
}
