package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MutationsTest {

    private static final byte[] INPUT = {1, 2, 3};

    @Test
    void eachKindMutatesACopyAtThePlaceNamed() {
        assertThat(Mutations.mutate(INPUT, 1, (byte) 9, 0)).containsExactly(1);
        assertThat(Mutations.mutate(INPUT, 1, (byte) 9, 1)).containsExactly(1, 9, 2, 3);
        assertThat(Mutations.mutate(INPUT, 1, (byte) 9, 2)).containsExactly(1, 9, 3);
        assertThat(Mutations.mutate(INPUT, 1, (byte) 9, 3)).containsExactly(1, 2 ^ 2, 3);
        assertThat(INPUT).containsExactly(1, 2, 3);
    }

    @Test
    void thePlaceWrapsAroundAndAtChoosesTheKindWhenNoneIsNamed() {
        // at 7: place 7 % 4 = 3 (the end), kind 7 % 4 = 3 (a flip past the end changes nothing)
        assertThat(Mutations.mutate(INPUT, 7, (byte) 9)).containsExactly(1, 2, 3);
        // at 5: place 5 % 4 = 1, kind 5 % 4 = 1 (insert)
        assertThat(Mutations.mutate(INPUT, 5, (byte) 9)).containsExactly(1, 9, 2, 3);
    }
}
