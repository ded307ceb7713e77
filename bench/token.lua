-- POST /oauth/token, client_credentials with the integration application (JSON body, as the official clients send it).
dofile("bench/common.lua")
wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.body = string.format('{"grant_type":"client_credentials","client_id":"%s","client_secret":"%s"}', os.getenv("CLIENT_ID"), os.getenv("CLIENT_SECRET"))
