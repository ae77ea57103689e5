package dev.switchboard.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How a {@code DATABASE_URL} becomes a JDBC URL and credentials. */
class PostgresAdapterFactoryTest {

    @Test
    void aPostgresUrlBecomesAJdbcUrlWithItsCredentialsApart() {
        Properties props = new Properties();

        String jdbc = PostgresAdapterFactory.jdbcUrl("postgres://app:s%40cret@db.internal:6432/chat?sslmode=require", props);

        assertThat(jdbc).isEqualTo("jdbc:postgresql://db.internal:6432/chat?sslmode=require");
        assertThat(props).containsEntry("user", "app").containsEntry("password", "s@cret");
    }

    @Test
    void aJdbcUrlIsKeptAndOtherSchemesAreRefused() {
        Properties props = new Properties();

        assertThat(PostgresAdapterFactory.jdbcUrl("jdbc:postgresql://localhost/app", props))
                .isEqualTo("jdbc:postgresql://localhost/app");
        assertThat(props).isEmpty();
        assertThatThrownBy(() -> PostgresAdapterFactory.jdbcUrl("mysql://localhost/app", props))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTableNameMustBeAPlainIdentifier() {
        assertThatThrownBy(() -> PostgresAdapterOptions.DEFAULT.withTableName("x; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PostgresAdapterOptions.DEFAULT.withTableName("chat.attachments").tableName()).isEqualTo("chat.attachments");
        assertThat(PostgresAdapterOptions.DEFAULT.channelOf("/admin")).isEqualTo("socket.io#/admin");
    }
}
