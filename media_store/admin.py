# media_store owns no models; images are keys on other apps' rows.
