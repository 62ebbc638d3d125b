# Quebec French writes the hour "13 h 32", "9 h 05" (Office québécois de la langue française), as the
# site's own pages do; Django's French says "13:32", which the back office showed. No-break
# spaces keep the hour and its minutes on one line. Any format not named here stays Django's.
TIME_FORMAT = "G\u00a0\\h\u00a0i"
DATETIME_FORMAT = "j F Y à G\u00a0\\h\u00a0i"
SHORT_DATETIME_FORMAT = "d/m/Y G\u00a0\\h\u00a0i"
