// GVE — Directory
// Placeholder: the module's public API lives in the files beside this one.
enum DirectoryModule {}
