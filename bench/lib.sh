# SPDX-License-Identifier: Apache-2.0
# Shared by the benchmark scripts (sourced, not run).

# The median of numbers given one a line or separated by spaces on stdin.
median() {
    tr ' ' '\n' | grep -v '^$' | sort -g |
        awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}

# The reference: Debian's nginx answering BODY (JSON) to every request on 127.0.0.1:PORT,
# 2 workers here (worker_processes auto), access log off; its files in DIR. Prints its pid.
start_nginx_fixed() { # DIR PORT BODY
    local dir=$1 port=$2 body=$3
    cat > "$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$port backlog=4096;
        location / { default_type application/json; return 200 '$body'; }
    }
}
CONF
    /usr/sbin/nginx -c "$dir/nginx.conf" -p "$dir" -g 'daemon off;' >/dev/null 2>&1 &
    echo $!
}
