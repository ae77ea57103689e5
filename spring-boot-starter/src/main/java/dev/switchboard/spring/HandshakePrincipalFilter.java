package dev.switchboard.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * In front of the Socket.IO servlet, behind the application's filters: a handshake (a request
 * without {@code sid}) whose user the filters authenticated gets a token for its principal in
 * {@link HandshakePrincipals#TOKEN_HEADER}, which the new session claims. A client's own header of
 * that name is hidden from every request, so none can claim someone else's principal.
 */
final class HandshakePrincipalFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient HandshakePrincipals principals;

    HandshakePrincipalFilter(HandshakePrincipals principals) {
        this.principals = principals;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Principal user = req.getUserPrincipal();
        String token = user != null && !hasSid(req.getQueryString()) ? principals.handOut(user) : null;
        chain.doFilter(new TokenHeader(req, token), res);
    }

    /** From the query string alone: {@code getParameter} would read a form body the engine must read. */
    private static boolean hasSid(String query) {
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("sid=")) {
                return true;
            }
        }
        return false;
    }

    /** The request with the token header set to ours, or removed. */
    private static final class TokenHeader extends HttpServletRequestWrapper {
        private final String token;

        TokenHeader(HttpServletRequest request, String token) {
            super(request);
            this.token = token;
        }

        private static boolean isToken(String name) {
            return HandshakePrincipals.TOKEN_HEADER.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return isToken(name) ? token : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (isToken(name)) {
                return token == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(token));
            }
            return super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements();) {
                String n = e.nextElement();
                if (!isToken(n)) {
                    names.add(n);
                }
            }
            if (token != null) {
                names.add(HandshakePrincipals.TOKEN_HEADER);
            }
            return Collections.enumeration(names);
        }
    }
}
