# media_store holds no rows: models elsewhere keep storage keys (avatar_key, photo_key,
# logo_key) and media_store turns uploads into objects and keys into URLs.
