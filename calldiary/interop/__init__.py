"""Moving calls in and out: iCalendar (.ics), CSV and JSON. No Textual."""
