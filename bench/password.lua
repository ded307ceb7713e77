-- POST /oauth/token, password grant with the sales channel for one customer who has a password.
dofile("bench/common.lua")
wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.body = string.format('{"grant_type":"password","client_id":"%s","username":"%s","password":"%s"}',
  os.getenv("SALES_CHANNEL_ID"), os.getenv("USERNAME"), os.getenv("PASSWORD"))
