package dev.switchboard.engineio.internal.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ListenerListTest {

    @Test
    void aNewListIsEmpty() {
        ListenerList<Runnable> list = new ListenerList<>();
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.size()).isZero();
        assertThat(list.snapshot()).isEmpty();
    }

    @Test
    void addAppendsAndAddFirstPrepends() {
        ListenerList<String> list = new ListenerList<>();
        list.add("b");
        list.add("c");
        list.addFirst("a");
        list.addAll(List.of("d", "e"));
        assertThat(list.snapshot()).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void aSnapshotIsImmutableAndKeepsItsContentAfterChanges() {
        ListenerList<String> list = new ListenerList<>();
        list.add("a");
        List<String> before = list.snapshot();
        list.add("b");
        assertThat(before).containsExactly("a");
        assertThatThrownBy(() -> before.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void removeFirstTakesTheEarliestRegistrationOfTheSameObject() {
        ListenerList<Object> list = new ListenerList<>();
        Object a = new Object();
        Object b = new Object();
        list.add(a);
        list.add(b);
        list.add(a);
        assertThat(list.removeFirst(a)).isTrue();
        assertThat(list.snapshot()).containsExactly(b, a);
        assertThat(list.removeFirst(new Object())).isFalse();
    }

    @Test
    void removeLastTakesTheMostRecentMatch() {
        ListenerList<String> list = new ListenerList<>();
        list.addAll(List.of("x1", "y", "x2"));
        assertThat(list.removeLast(s -> s.startsWith("x"))).isTrue();
        assertThat(list.snapshot()).containsExactly("x1", "y");
        assertThat(list.removeLast(s -> s.startsWith("z"))).isFalse();
        list.addAll(List.of("x3", "x4"));
        assertThat(list.removeAll(s -> s.startsWith("x"))).isTrue();
        assertThat(list.snapshot()).containsExactly("y");
        assertThat(list.removeAll(s -> s.startsWith("x"))).isFalse();
        list.clear();
        assertThat(list.isEmpty()).isTrue();
    }

    @Test
    void fireCallsEveryListenerInOrder() {
        List<String> calls = new ArrayList<>();
        ListenerList<Consumer<String>> list = new ListenerList<>();
        list.add(v -> calls.add("first:" + v));
        list.add(v -> calls.add("second:" + v));
        list.fire(l -> l.accept("x"), (l, e) -> calls.add("failed"));
        assertThat(calls).containsExactly("first:x", "second:x");
    }

    @Test
    void aThrowingListenerIsReportedAndDoesNotStopTheOthers() {
        List<String> calls = new ArrayList<>();
        ListenerList<Runnable> list = new ListenerList<>();
        Runnable bad = () -> {
            throw new IllegalStateException("bug");
        };
        list.add(bad);
        list.add(() -> calls.add("good"));
        List<Object> failed = new ArrayList<>();
        list.fire(Runnable::run, (l, e) -> failed.add(List.of(l, e.getMessage())));
        assertThat(calls).containsExactly("good");
        assertThat(failed).containsExactly(List.of(bad, "bug"));
    }

    @Test
    void aListenerAddedWhileFiringWaitsForTheNextFiring() {
        List<String> calls = new ArrayList<>();
        ListenerList<Runnable> list = new ListenerList<>();
        Runnable late = () -> calls.add("late");
        list.add(() -> {
            calls.add("adder");
            list.add(late);
        });
        list.fire(Runnable::run, (l, e) -> { });
        assertThat(calls).containsExactly("adder");
        calls.clear();
        list.fire(Runnable::run, (l, e) -> { });
        assertThat(calls).containsExactly("adder", "late");
    }

    @Test
    void errorsAreNotSwallowed() {
        ListenerList<Runnable> list = new ListenerList<>();
        list.add(() -> {
            throw new StackOverflowError();
        });
        assertThatThrownBy(() -> list.fire(Runnable::run, (l, e) -> { }))
                .isInstanceOf(StackOverflowError.class);
    }

    @Test
    void concurrentAddsLoseNothing() throws Exception {
        ListenerList<Integer> list = new ListenerList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            int base = t * 1000;
            pool.execute(() -> {
                for (int i = 0; i < 250; i++) {
                    list.add(base + i);
                }
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(list.size()).isEqualTo(1000);
    }
}
