package io.anonkit.standalone;

import java.security.Principal;
import java.util.function.Function;
import javax.security.auth.Subject;
import org.eclipse.jetty.security.DefaultIdentityService;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Session;

/**
 * The standalone server's one user, {@value #USER}, in role {@value #ROLE}, checked against the {@link AdminPassword}.
 * App servers use their own realms instead; see {@code deploy/}.
 */
final class AdminLoginService implements LoginService {
    /** The admin's user name. */
    static final String USER = "admin";
    /** The role {@code web.xml} requires for {@code /admin/}. */
    static final String ROLE = "anonkit-admin";
    /** The realm named in {@code web.xml}. */
    static final String REALM = "qlik-anon-kit admin";

    private final AdminPassword password;
    private IdentityService identityService = new DefaultIdentityService();

    AdminLoginService(AdminPassword password) {
        this.password = password;
    }

    @Override
    public String getName() {
        return REALM;
    }

    @Override
    public UserIdentity login(
            String username, Object credentials, Request request, Function<Boolean, Session> getOrCreateSession) {
        if (!USER.equals(username) || !(credentials instanceof String text) || !password.matches(text)) {
            return null;
        }
        Principal principal = () -> USER;
        Subject subject = new Subject();
        subject.getPrincipals().add(principal);
        subject.setReadOnly();
        return identityService.newUserIdentity(subject, principal, new String[] {ROLE});
    }

    @Override
    public boolean validate(UserIdentity user) {
        return user != null && USER.equals(user.getUserPrincipal().getName());
    }

    @Override
    public IdentityService getIdentityService() {
        return identityService;
    }

    @Override
    public void setIdentityService(IdentityService service) {
        this.identityService = service;
    }

    @Override
    public void logout(UserIdentity user) {
        // Basic authentication keeps no server-side login.
    }
}
