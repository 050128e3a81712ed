// Placeholder entry point; the emulator's command line arrives with issue 2.
return 0;
