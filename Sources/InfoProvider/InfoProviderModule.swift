// GVE — InfoProvider
// The LDAP registry server and its client live in the files beside this one.
enum InfoProviderModule {}
