// GVE — LDAPProtocol
// Placeholder: the module's public API lives in the files beside this one.
enum LDAPProtocolModule {}
