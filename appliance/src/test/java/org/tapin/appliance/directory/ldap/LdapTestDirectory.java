package org.tapin.appliance.directory.ldap;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The people and groups the LDAP tests sign in with, and {@code ldap.*} settings pointing at a test slapd. */
final class LdapTestDirectory {

    static final String SERVICE_DN = "cn=tapin-svc,ou=people,dc=tapin,dc=test";
    static final String SERVICE_PASSWORD = "svc-Secret-4711";

    /** Passwords are distinct and greppable: a test looks for them where they must never be. */
    static final String LDIF = """
            dn: cn=tapin-svc,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            cn: tapin-svc
            sn: service
            userPassword: svc-Secret-4711

            dn: cn=expiring,ou=policies,dc=tapin,dc=test
            objectClass: organizationalRole
            objectClass: pwdPolicy
            cn: expiring
            pwdAttribute: userPassword
            pwdMaxAge: 3600
            pwdGraceAuthNLimit: 0
            pwdLockout: TRUE
            pwdMaxFailure: 3

            dn: uid=alice,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            uid: alice
            cn: Alice Nightingale
            sn: Nightingale
            userPassword: Alice-pw-1

            dn: uid=bob,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            uid: bob
            cn: Bob Lister
            sn: Lister
            userPassword: Bob-pw-2

            dn: uid=carol,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            uid: carol
            cn: Carol Disabled
            sn: Disabled
            userPassword: Carol-pw-3
            pwdAccountLockedTime: 000001010000Z

            dn: uid=dave,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            uid: dave
            cn: Dave Expired
            sn: Expired
            userPassword: Dave-pw-4
            pwdPolicySubentry: cn=expiring,ou=policies,dc=tapin,dc=test
            pwdChangedTime: 20200101000000Z

            dn: uid=erin,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            uid: erin
            cn: Erin Reset
            sn: Reset
            userPassword: Erin-pw-5
            pwdReset: TRUE

            dn: uid=frank,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            objectClass: shadowAccount
            uid: frank
            cn: Frank Leaver
            sn: Leaver
            userPassword: Frank-pw-6
            shadowExpire: 19000

            dn: uid=gina,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            uid: gina
            cn: Gina Visitor
            sn: Visitor
            userPassword: Gina-pw-7

            dn: uid=hank,ou=people,dc=tapin,dc=test
            objectClass: inetOrgPerson
            uid: hank
            cn: Hank Porter
            sn: Porter
            userPassword: Hank-pw-8

            dn: cn=icu-nurses,ou=groups,dc=tapin,dc=test
            objectClass: groupOfNames
            cn: icu-nurses
            member: uid=alice,ou=people,dc=tapin,dc=test

            dn: cn=clinical,ou=groups,dc=tapin,dc=test
            objectClass: groupOfNames
            cn: clinical
            member: cn=icu-nurses,ou=groups,dc=tapin,dc=test
            member: uid=bob,ou=people,dc=tapin,dc=test
            member: uid=carol,ou=people,dc=tapin,dc=test
            member: uid=dave,ou=people,dc=tapin,dc=test
            member: uid=erin,ou=people,dc=tapin,dc=test
            member: uid=frank,ou=people,dc=tapin,dc=test
            member: uid=hank,ou=people,dc=tapin,dc=test

            dn: cn=all-staff,ou=groups,dc=tapin,dc=test
            objectClass: groupOfNames
            cn: all-staff
            member: cn=clinical,ou=groups,dc=tapin,dc=test
            """;

    private LdapTestDirectory() {}

    /** {@code ldap.*} settings for these servers (comma-separated URLs) trusting {@code caFolder}. */
    static Properties properties(Path scratch, String servers, Path caFolder) {
        Path secret = scratch.resolve("ldap-bind-password");
        try {
            Files.writeString(secret, SERVICE_PASSWORD + "\n", StandardCharsets.UTF_8);
            Properties p = new Properties();
            p.load(new StringReader("""
                    ldap.type = openldap
                    ldap.bind-dn = cn=tapin-svc,ou=people,dc=tapin,dc=test
                    ldap.bind-password-file = ldap-bind-password
                    ldap.user-base-dn = ou=people,dc=tapin,dc=test
                    ldap.group-base-dn = ou=groups,dc=tapin,dc=test
                    ldap.group-nesting-depth = 1
                    ldap.group-map.1 = cn=all-staff,ou=groups,dc=tapin,dc=test => staff
                    ldap.group-map.2 = cn=clinical,ou=groups,dc=tapin,dc=test => clinical
                    ldap.password-policy-dn = cn=default,ou=policies,dc=tapin,dc=test
                    ldap.connect-timeout-seconds = 2
                    ldap.search-timeout-seconds = 2
                    ldap.health-check-seconds = 1
                    """));
            p.setProperty("ldap.servers", servers);
            p.setProperty("ldap.ca-certs-dir", caFolder.toString());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
