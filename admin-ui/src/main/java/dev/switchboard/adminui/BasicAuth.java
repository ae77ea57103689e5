package dev.switchboard.adminui;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The admin UI's basic authentication, as {@code auth: {type: "basic", username, password}} in
 * {@code @socket.io/admin-ui}: the UI's login form sends a user name and a password, and the
 * password is checked against a bcrypt hash, so the server never holds the password itself.
 *
 * <pre>{@code
 * // the hash made once, e.g. with `htpasswd -bnBC 10 "" secret | tr -d ':\n'` or BasicAuth.hash
 * new BasicAuth("admin", "$2b$10$...")
 * }</pre>
 *
 * @param username the user name the UI must send
 * @param password the bcrypt hash of the password ({@code $2a$}, {@code $2b$} or {@code $2y$}),
 *     as {@code bcrypt.hashSync(password, 10)} writes it
 */
public record BasicAuth(String username, String password) {

    /** What bcrypt writes: the version, a two-digit cost, then 22 characters of salt and 31 of hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");
    /** bcryptjs's default cost, the one the admin UI's documentation uses. */
    private static final int COST = 10;
    /** bcrypt reads at most this many bytes of a password. */
    private static final int MAX_PASSWORD_BYTES = 72;

    /**
     * Checks the hash, as the reference refuses to start with one that is not bcrypt.
     *
     * @param username the user name the UI must send
     * @param password the bcrypt hash of the password
     * @throws IllegalArgumentException when {@code password} is not a bcrypt hash
     */
    public BasicAuth {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (!BCRYPT.matcher(password).matches()) {
            throw new IllegalArgumentException("the `password` field must be a valid bcrypt hash");
        }
    }

    /**
     * Basic authentication for a password given in clear (from an environment variable, say),
     * hashed now with a random salt.
     *
     * @param username the user name
     * @param password the password in clear
     * @return the authentication, holding the hash only
     */
    public static BasicAuth ofPassword(String username, String password) {
        return new BasicAuth(username, hash(password));
    }

    /**
     * Hashes a password with bcrypt (cost 10, a random salt), as {@code bcrypt.hashSync(password, 10)}.
     *
     * @param password the password in clear, at most 72 bytes in UTF-8 (bcrypt reads no more)
     * @return the hash, e.g. {@code $2b$10$...}
     * @throws IllegalArgumentException when the password is longer than bcrypt reads
     */
    public static String hash(String password) {
        Objects.requireNonNull(password, "password");
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("bcrypt reads at most " + MAX_PASSWORD_BYTES + " bytes of a password");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, COST);
    }

    /**
     * Checks credentials sent by the UI. Slow on purpose (bcrypt): call it off the event loops.
     *
     * @param username the user name sent
     * @param password the password sent
     * @return whether both match
     */
    public boolean matches(String username, String password) {
        if (username == null || password == null || !this.username.equals(username)) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(this.password, password.toCharArray());
        } catch (IllegalArgumentException e) {
            // A password bcrypt cannot take (too long, say) matches nothing.
            return false;
        }
    }

    /** {@return the user name, the hash left out so that logging the options shows no secret} */
    @Override
    public String toString() {
        return "BasicAuth[username=" + username + "]";
    }
}
