# The site writes a date the way its Canadian and international readers do, day before month
# ("4 December 2026"), as its French does; Django's English says "Dec. 4, 2026", which put two
# ways of writing a date on one page. Any format not named here stays Django's.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, P"
