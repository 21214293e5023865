// Stand-in for the app's hashed assets (see ../index.html).
