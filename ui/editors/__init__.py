"""The editors shown in the window's centre, their fields, sheets and delegates."""
