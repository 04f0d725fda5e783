"""Staff pages (Django templates): login, the coach dashboard and member page, /manage/."""
