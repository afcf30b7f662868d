[description]
The login service behind qlik-anon-kit's admin page and API: realm "qlik-anon-kit admin", users from a properties file
("name: password, anonkit-admin"). Only users in role anonkit-admin may view or change the kit's settings.

[tags]
security

[depends]
security

[xml]
etc/qlik-anon-kit-realm.xml

[ini-template]
## The users file; keep it readable by the Jetty user only.
# qlik-anon-kit.realm.users=etc/qlik-anon-kit-realm.properties
