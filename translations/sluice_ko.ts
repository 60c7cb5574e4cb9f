<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>main</name>
    <message>
        <source>The scenario cannot be opened:
%1</source>
        <translation>시나리오를 열 수 없습니다:
%1</translation>
    </message>
</context>
<context>
    <name>sluice::ui::AccuracyChart</name>
    <message>
        <source>Estimate shown and the wait that followed, by arrival time</source>
        <translation>도착 시각별 안내된 예상 대기 시간과 실제 대기 시간</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>분</translation>
    </message>
    <message>
        <source>gave up (%)</source>
        <translation>이탈 (%)</translation>
    </message>
    <message>
        <source>range shown (low … high)</source>
        <translation>안내된 범위 (최소 … 최대)</translation>
    </message>
    <message>
        <source>estimate told to a newcomer (median)</source>
        <translation>새로 온 사람에게 안내된 예상 (중앙값)</translation>
    </message>
    <message>
        <source>first estimate shown (median)</source>
        <translation>처음 안내된 예상 (중앙값)</translation>
    </message>
    <message>
        <source>wait of those admitted (median of each second&apos;s mean)</source>
        <translation>입장한 사람의 대기 시간 (초별 평균의 중앙값)</translation>
    </message>
    <message>
        <source>wait that followed (median)</source>
        <translation>실제 대기 시간 (중앙값)</translation>
    </message>
    <message>
        <source>gave up (% of arrivals)</source>
        <translation>이탈 (도착 인원 대비 %)</translation>
    </message>
    <message>
        <source>Run the simulation: this chart fills in when the run pauses, a step ends or the run finishes (every person who has arrived is binned then). Live nodes: it shows what their samples tell.</source>
        <translation>시뮬레이션을 실행하세요. 실행이 일시 정지되거나, 한 단계가 끝나거나, 실행이 끝나면 이 차트가 채워집니다 (그때까지 도착한 모든 사람을 구간별로 집계합니다). 실시간 노드에서는 노드의 샘플이 알려 주는 내용을 보여 줍니다.</translation>
    </message>
    <message>
        <source>Live nodes, by arrival time (%1 min bins): the estimate told to a newcomer, against the wait of the people admitted each second (their mean, placed at their mean arrival; from the nodes&apos; samples, not per person: no range, no give-ups). </source>
        <translation>실시간 노드, 도착 시각별 (%1분 구간): 새로 온 사람에게 안내된 예상 대기 시간과, 매초 입장한 사람들의 대기 시간 (평균값을 평균 도착 시각에 표시; 개인별이 아닌 노드 샘플 기준이므로 범위와 이탈은 없음). </translation>
    </message>
    <message>
        <source>No one who arrived here has been admitted yet: </source>
        <translation>여기 도착한 사람 중 아직 입장한 사람이 없습니다: </translation>
    </message>
    <message>
        <source>Waits are drawn for arrivals up to %1. </source>
        <translation>%1까지 도착한 사람의 대기 시간을 표시합니다. </translation>
    </message>
    <message>
        <source>Real waits of people still waiting are not known yet.</source>
        <translation>아직 기다리는 사람의 실제 대기 시간은 알 수 없습니다.</translation>
    </message>
    <message>
        <source>Simulation, by arrival time (%1 min bins): the median first estimate shown, with its range (low … high), against the median wait those same people went on to have — people who reached the front only. </source>
        <translation>시뮬레이션, 도착 시각별 (%1분 구간): 처음 안내된 예상 대기 시간의 중앙값과 그 범위 (최소 … 최대), 그리고 같은 사람들이 실제로 기다린 시간의 중앙값 — 맨 앞까지 도달한 사람만 포함합니다. </translation>
    </message>
    <message>
        <source>No arrivals have all left the line yet. </source>
        <translation>아직 대기열을 모두 떠난 도착 구간이 없습니다. </translation>
    </message>
    <message>
        <source>People who arrived up to %1 have all left the line (run at %2). </source>
        <translation>%1까지 도착한 사람은 모두 대기열을 떠났습니다 (실행 시각 %2). </translation>
    </message>
    <message>
        <source>%1 still waiting: their real waits are not known yet. </source>
        <translation>%1명이 아직 대기 중: 실제 대기 시간은 아직 알 수 없습니다. </translation>
    </message>
    <message>
        <source>%1 were first shown words (&quot;unknown&quot;, &quot;paused&quot;), not a figure: no estimate is drawn for them. </source>
        <translation>%1명은 처음에 숫자가 아닌 문구(&quot;알 수 없음&quot;, &quot;일시 정지&quot;)를 안내받아 예상 대기 시간을 표시하지 않습니다. </translation>
    </message>
    <message>
        <source>Updated when the run pauses, a step ends or the run finishes.</source>
        <translation>실행이 일시 정지되거나, 한 단계가 끝나거나, 실행이 끝나면 갱신됩니다.</translation>
    </message>
</context>
<context>
    <name>sluice::ui::AlertMonitor</name>
    <message>
        <source>estimate for a new arrival %1 min (above %2)</source>
        <translation>새로 온 사람의 예상 대기 %1분 (기준 %2분 초과)</translation>
    </message>
    <message>
        <source>estimate back to %1 min</source>
        <translation>예상 대기 %1분으로 회복</translation>
    </message>
    <message>
        <source>backend errors %1/s (above %2)</source>
        <translation>백엔드 오류 초당 %1건 (기준 %2건 초과)</translation>
    </message>
    <message>
        <source>backend errors back to %1/s</source>
        <translation>백엔드 오류 초당 %1건으로 회복</translation>
    </message>
    <message>
        <source>admissions stopped: %1 waiting, %2</source>
        <translation>입장 멈춤: %1명 대기 중, %2</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>rate 0 /min</source>
        <translation>입장 속도 0 /분</translation>
    </message>
    <message>
        <source>admissions going again (%1 /min)</source>
        <translation>입장 재개 (%1 /분)</translation>
    </message>
    <message>
        <source>capacity saturated (%1 sessions) for %2 s</source>
        <translation>수용 한도 포화 (세션 %1개) %2초 지속</translation>
    </message>
    <message>
        <source>capacity no longer saturated (%1 / %2)</source>
        <translation>수용 한도 포화 해소 (%1 / %2)</translation>
    </message>
</context>
<context>
    <name>sluice::ui::AlertNotifier</name>
    <message>
        <source>Sluice alert</source>
        <translation>Sluice 경보</translation>
    </message>
    <message>
        <source>Sluice alert — %1</source>
        <translation>Sluice 경보 — %1</translation>
    </message>
</context>
<context>
    <name>sluice::ui::AlertRulesDialog</name>
    <message>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source> min</source>
        <translation>분</translation>
    </message>
    <message>
        <source>Alert when someone joining now is told a longer wait than this.</source>
        <translation>지금 들어오는 사람에게 안내되는 대기 시간이 이보다 길면 경보합니다.</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> /초</translation>
    </message>
    <message>
        <source>Alert when the protected site refuses more requests a second than this (blank pages).</source>
        <translation>보호 대상 사이트가 초당 이보다 많은 요청을 거부하면 경보합니다 (빈 페이지).</translation>
    </message>
    <message>
        <source> s</source>
        <translation>초</translation>
    </message>
    <message>
        <source>Alert when the site has been at capacity for this long without a break.</source>
        <translation>사이트가 이 시간 동안 쉬지 않고 수용 한도에 차 있으면 경보합니다.</translation>
    </message>
    <message>
        <source>Alert rules</source>
        <translation>경보 규칙</translation>
    </message>
    <message>
        <source>Estimated wait above</source>
        <translation>예상 대기 시간 초과</translation>
    </message>
    <message>
        <source>Backend errors above</source>
        <translation>백엔드 오류 초과</translation>
    </message>
    <message>
        <source>Capacity saturated for</source>
        <translation>수용 한도 포화 지속</translation>
    </message>
</context>
<context>
    <name>sluice::ui::ChartDefinitions</name>
    <message>
        <source>Waiting and joins</source>
        <translation>대기 인원과 진입</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>대기 인원</translation>
    </message>
    <message>
        <source>joins/s</source>
        <translation>진입/초</translation>
    </message>
    <message>
        <source>Wait (min): estimated and realised</source>
        <translation>대기 시간(분): 예상과 실제</translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>예상</translation>
    </message>
    <message>
        <source>realised</source>
        <translation>실제</translation>
    </message>
    <message>
        <source>Admission rate (per min)</source>
        <translation>입장 속도 (분당)</translation>
    </message>
    <message>
        <source>target</source>
        <translation>목표</translation>
    </message>
    <message>
        <source>actual</source>
        <translation>실제</translation>
    </message>
    <message>
        <source>capacity</source>
        <translation>수용 한도</translation>
    </message>
    <message>
        <source>Errors and bypass attempts (per s)</source>
        <translation>오류와 우회 시도 (초당)</translation>
    </message>
    <message>
        <source>queue</source>
        <translation>대기열</translation>
    </message>
    <message>
        <source>backend</source>
        <translation>백엔드</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>차단됨</translation>
    </message>
    <message>
        <source>got through</source>
        <translation>통과됨</translation>
    </message>
</context>
<context>
    <name>sluice::ui::ChartGrid</name>
    <message>
        <source>operator actions</source>
        <translation>운영자 조치</translation>
    </message>
    <message>
        <source>alerts</source>
        <translation>경보</translation>
    </message>
    <message>
        <source>Drag to zoom in time (all charts follow); Ctrl+= / Ctrl+- / Ctrl+[ / Ctrl+] zoom and pan, Ctrl+0 follows the run; hover for the values.</source>
        <translation>드래그하여 시간축을 확대합니다 (모든 차트가 함께 움직임). Ctrl+= / Ctrl+- / Ctrl+[ / Ctrl+] 로 확대·이동, Ctrl+0 으로 실행을 따라갑니다. 마우스를 올리면 값이 보입니다.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>alert: %1</source>
        <translation>경보: %1</translation>
    </message>
    <message>
        <source>action: %1</source>
        <translation>조치: %1</translation>
    </message>
    <message>
        <source>%1 (what-if: %2): %3</source>
        <translation>%1 (가정 분석: %2): %3</translation>
    </message>
    <message>
        <source>%1 (what-if: %2)</source>
        <translation>%1 (가정 분석: %2)</translation>
    </message>
</context>
<context>
    <name>sluice::ui::ConnectDialog</name>
    <message>
        <source>Connect to live servers</source>
        <translation>실시간 서버에 연결</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Admin key</source>
        <translation>관리자 키</translation>
    </message>
    <message>
        <source>CA file (https)</source>
        <translation>CA 파일 (https)</translation>
    </message>
    <message>
        <source>&amp;Add node</source>
        <translation>노드 추가(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove node</source>
        <translation>노드 제거(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>연결(&amp;C)</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Each sluiced node&apos;s admin address and key. The keys are kept in this computer&apos;s settings for the console, never in exports or logs.</source>
        <translation>각 sluiced 노드의 관리 주소와 키입니다. 키는 이 컴퓨터의 콘솔 설정에만 보관되며, 내보내기나 로그에는 절대 남지 않습니다.</translation>
    </message>
    <message>
        <source>admin key</source>
        <translation>관리자 키</translation>
    </message>
    <message>
        <source>Add at least one node.</source>
        <translation>노드를 하나 이상 추가하세요.</translation>
    </message>
    <message>
        <source>Row %1: </source>
        <translation>%1행: </translation>
    </message>
    <message>
        <source>a name is needed</source>
        <translation>이름이 필요합니다</translation>
    </message>
    <message>
        <source>the address must be http://HOST:PORT or https://HOST:PORT</source>
        <translation>주소는 http://HOST:PORT 또는 https://HOST:PORT 형식이어야 합니다</translation>
    </message>
    <message>
        <source>the admin key has at least 16 characters</source>
        <translation>관리자 키는 16자 이상이어야 합니다</translation>
    </message>
</context>
<context>
    <name>sluice::ui::ConsoleActions</name>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Sluice</source>
        <translation>Sluice 정보(&amp;A)</translation>
    </message>
    <message>
        <source>About Sluice</source>
        <translation>Sluice 정보</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sluice %1&lt;/b&gt; — the operations console of the Sluice waiting room.&lt;p&gt;F5 runs the simulation, F6 pauses it, F10 steps one minute. Ctrl+T throttles, Ctrl+K sets the capacity, Ctrl+Shift+P pauses admissions, Ctrl+Z undoes the last change, Ctrl+J asks what if. Ctrl+L connects to live servers, Ctrl+Shift+E writes the incident report.&lt;/p&gt;&lt;p&gt;Hover a chart for its values; drag across it to zoom.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Sluice %1&lt;/b&gt; — Sluice 대기실 운영 콘솔.&lt;p&gt;F5 시뮬레이션 실행, F6 일시 정지, F10 1분 진행. Ctrl+T 입장 속도 조절, Ctrl+K 수용 한도 설정, Ctrl+Shift+P 입장 일시 정지, Ctrl+Z 마지막 변경 취소, Ctrl+J 가정 분석. Ctrl+L 실시간 서버 연결, Ctrl+Shift+E 장애 보고서 작성.&lt;/p&gt;&lt;p&gt;차트에 마우스를 올리면 값이 보이고, 드래그하면 확대됩니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt 정보(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open scenario…</source>
        <translation>시나리오 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a scenario</source>
        <translation>시나리오 열기</translation>
    </message>
    <message>
        <source>Scenarios (*.json)</source>
        <translation>시나리오 (*.json)</translation>
    </message>
    <message>
        <source>Open &amp;preset</source>
        <translation>기본 시나리오 열기(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Recent scenarios</source>
        <translation>최근 시나리오(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Connect to live servers…</source>
        <translation>실시간 서버에 연결(&amp;C)…</translation>
    </message>
    <message>
        <source>Watch and steer sluiced nodes (their admin address and key)</source>
        <translation>sluiced 노드를 지켜보고 조정합니다 (관리 주소와 키 필요)</translation>
    </message>
    <message>
        <source>Reconnect &amp;now</source>
        <translation>지금 재연결(&amp;N)</translation>
    </message>
    <message>
        <source>Live: every node that is not live tries again now, without waiting for its next attempt</source>
        <translation>실시간: 연결되지 않은 모든 노드가 다음 시도를 기다리지 않고 지금 다시 연결합니다</translation>
    </message>
    <message>
        <source>&amp;Export data…</source>
        <translation>데이터 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the run&apos;s data to</source>
        <translation>실행 데이터를 내보낼 폴더</translation>
    </message>
    <message>
        <source>series.csv, series.json, audit.json, alerts.json and figures.json of the run so far</source>
        <translation>지금까지 실행의 series.csv, series.json, audit.json, alerts.json, figures.json</translation>
    </message>
    <message>
        <source>Export incident &amp;report…</source>
        <translation>장애 보고서 내보내기(&amp;R)…</translation>
    </message>
    <message>
        <source>Write the incident report to</source>
        <translation>장애 보고서를 저장할 폴더</translation>
    </message>
    <message>
        <source>report.pdf (figures, charts, timeline) with its data as CSV and JSON, of the run or the live night so far</source>
        <translation>지금까지의 실행 또는 실시간 운영에 대한 report.pdf (수치, 차트, 타임라인)와 CSV·JSON 데이터</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Controls</source>
        <translation>제어(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Throttle (admission rate)…</source>
        <translation>입장 속도 조절(&amp;T)…</translation>
    </message>
    <message>
        <source>Extend &amp;capacity…</source>
        <translation>수용 한도 늘리기(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Pause / resume admissions</source>
        <translation>입장 일시 정지 / 재개(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Undo last change</source>
        <translation>마지막 변경 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;What-if from now…</source>
        <translation>지금부터 가정 분석(&amp;W)…</translation>
    </message>
    <message>
        <source>Proof of &amp;work on join…</source>
        <translation>진입 작업 증명(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Alert rules…</source>
        <translation>경보 규칙(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>확대(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>축소(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Earlier</source>
        <translation>이전으로(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>이후로(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Follow the run</source>
        <translation>실행 따라가기(&amp;F)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>Run the simulation (F5)</source>
        <translation>시뮬레이션 실행 (F5)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Pause (F6)</source>
        <translation>일시 정지 (F6)</translation>
    </message>
    <message>
        <source>Step 1 min</source>
        <translation>1분 진행</translation>
    </message>
    <message>
        <source>Advance one simulated minute, then pause (F10)</source>
        <translation>시뮬레이션을 1분 진행한 뒤 일시 정지 (F10)</translation>
    </message>
    <message>
        <source>Simulated seconds per wall-clock second</source>
        <translation>실제 1초당 시뮬레이션 초</translation>
    </message>
    <message>
        <source>as fast as possible</source>
        <translation>최대 속도</translation>
    </message>
    <message>
        <source>Whether the simulation is running or paused</source>
        <translation>시뮬레이션이 실행 중인지 일시 정지인지</translation>
    </message>
    <message>
        <source>The clock of the latest sample, in the event&apos;s time zone: simulated, or the live nodes&apos;</source>
        <translation>최신 샘플의 시각 (행사 시간대 기준): 시뮬레이션 시각 또는 실시간 노드의 시각</translation>
    </message>
    <message>
        <source>▶ running</source>
        <translation>▶ 실행 중</translation>
    </message>
    <message>
        <source>❚❚ paused</source>
        <translation>❚❚ 일시 정지</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>시스템 언어</translation>
    </message>
    <message>
        <source>The console shows the chosen language when it starts again.</source>
        <translation>선택한 언어는 콘솔을 다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <source>C&amp;lear what-ifs</source>
        <translation>가정 분석 지우기(&amp;L)</translation>
    </message>
</context>
<context>
    <name>sluice::ui::ControlPanel</name>
    <message>
        <source>&amp;Undo last change</source>
        <translation>마지막 변경 취소(&amp;U)</translation>
    </message>
    <message>
        <source>Set &amp;rate</source>
        <translation>속도 적용(&amp;R)</translation>
    </message>
    <message>
        <source>Set &amp;capacity</source>
        <translation>한도 적용(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Pause admissions</source>
        <translation>입장 일시 정지(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Move opening</source>
        <translation>오픈 시각 변경(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>보내기(&amp;S)</translation>
    </message>
    <message>
        <source>Scale &amp;out</source>
        <translation>노드 증설(&amp;O)</translation>
    </message>
    <message>
        <source>Recorded with every change in the audit timeline.</source>
        <translation>모든 변경과 함께 감사 타임라인에 기록됩니다.</translation>
    </message>
    <message>
        <source> /min</source>
        <translation> /분</translation>
    </message>
    <message>
        <source>Admissions per minute: lower it to throttle, raise it to speed up. Enter applies it.</source>
        <translation>분당 입장 인원: 낮추면 입장을 조절하고, 높이면 빨라집니다. Enter로 적용합니다.</translation>
    </message>
    <message>
        <source>Concurrent sessions the protected site can hold. Enter applies it.</source>
        <translation>보호 대상 사이트가 동시에 감당할 수 있는 세션 수입니다. Enter로 적용합니다.</translation>
    </message>
    <message>
        <source>Shown to everyone waiting</source>
        <translation>대기 중인 모든 사람에게 표시됩니다</translation>
    </message>
    <message>
        <source>Queue-server nodes after the scale-out (ready after 10 minutes).</source>
        <translation>증설 후 대기열 서버 노드 수 (10분 후 준비됨).</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>운영자</translation>
    </message>
    <message>
        <source>Admission rate</source>
        <translation>입장 속도</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>수용 한도</translation>
    </message>
    <message>
        <source>Cohort window</source>
        <translation>연령대 구간</translation>
    </message>
    <message>
        <source>Opening</source>
        <translation>오픈 시각</translation>
    </message>
    <message>
        <source>The cohort window whose opening the field shows and Move opening moves: this event opens per window.</source>
        <translation>입력란에 오픈 시각이 표시되고 &quot;오픈 시각 변경&quot;이 옮기는 연령대 구간입니다. 이 행사는 구간별로 오픈합니다.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>안내 문구</translation>
    </message>
    <message>
        <source>Queue nodes</source>
        <translation>대기열 노드</translation>
    </message>
    <message>
        <source>Set the fields of the last change back to what they were.</source>
        <translation>마지막으로 바꾼 항목을 이전 값으로 되돌립니다.</translation>
    </message>
    <message>
        <source>&amp;Resume admissions</source>
        <translation>입장 재개(&amp;R)</translation>
    </message>
    <message>
        <source>The chosen cohort window&apos;s opening in the event&apos;s time zone, %1, judged by the server&apos;s clock only. Enter applies it.</source>
        <translation>선택한 연령대 구간의 오픈 시각 (행사 시간대 %1 기준, 서버 시계로만 판단). Enter로 적용합니다.</translation>
    </message>
    <message>
        <source>Opening time in the event&apos;s time zone, %1, judged by the server&apos;s clock only. Enter applies it.</source>
        <translation>오픈 시각 (행사 시간대 %1 기준, 서버 시계로만 판단). Enter로 적용합니다.</translation>
    </message>
    <message>
        <source>Move the chosen cohort window&apos;s opening to the time in the field (the other windows keep theirs).</source>
        <translation>선택한 연령대 구간의 오픈 시각을 입력한 시각으로 옮깁니다 (다른 구간은 그대로).</translation>
    </message>
    <message>
        <source>Move the opening to the time in the field.</source>
        <translation>오픈 시각을 입력한 시각으로 옮깁니다.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>거부됨: %1</translation>
    </message>
    <message>
        <source>admission rate %1 → %2 /min</source>
        <translation>입장 속도 %1 → %2 /분</translation>
    </message>
    <message>
        <source>capacity %1 → %2</source>
        <translation>수용 한도 %1 → %2</translation>
    </message>
    <message>
        <source>pause all admissions</source>
        <translation>모든 입장 일시 정지</translation>
    </message>
    <message>
        <source>opening of %1 moved by %2 min</source>
        <translation>%1 오픈 시각 %2분 이동</translation>
    </message>
    <message>
        <source>opening moved by %1 min</source>
        <translation>오픈 시각 %1분 이동</translation>
    </message>
    <message>
        <source>This is a large change: %1.

Apply it?</source>
        <translation>큰 변경입니다: %1.

적용할까요?</translation>
    </message>
    <message>
        <source>Confirm the undo</source>
        <translation>되돌리기 확인</translation>
    </message>
    <message>
        <source>Confirm a large change</source>
        <translation>큰 변경 확인</translation>
    </message>
    <message>
        <source>Someone else has changed this since your change: %1.

Undo anyway (%2)?</source>
        <translation>내 변경 이후 다른 사람이 바꾸었습니다: %1.

그래도 되돌릴까요 (%2)?</translation>
    </message>
    <message>
        <source>back to the values before your change</source>
        <translation>내 변경 이전 값으로</translation>
    </message>
    <message>
        <source>Undo the last change: %1.

Apply it?</source>
        <translation>마지막 변경 되돌리기: %1.

적용할까요?</translation>
    </message>
</context>
<context>
    <name>sluice::ui::DashboardWindow</name>
    <message>
        <source>Controls</source>
        <translation>제어</translation>
    </message>
    <message>
        <source>What-if</source>
        <translation>가정 분석</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>노드</translation>
    </message>
    <message>
        <source>Estimate accuracy</source>
        <translation>예상 정확도</translation>
    </message>
    <message>
        <source>Estimate &amp;accuracy</source>
        <translation>예상 정확도(&amp;A)</translation>
    </message>
    <message>
        <source>Sluice — %1</source>
        <translation>Sluice — %1</translation>
    </message>
    <message>
        <source>No data yet — press F5 to run</source>
        <translation>아직 데이터 없음 — F5로 실행</translation>
    </message>
    <message>
        <source>Sluice — live: %1</source>
        <translation>Sluice — 실시간: %1</translation>
    </message>
    <message>
        <source>No live data yet</source>
        <translation>아직 실시간 데이터가 없습니다</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>시나리오 열기</translation>
    </message>
    <message>
        <source>This scenario cannot be opened; the current run goes on.

</source>
        <translation>이 시나리오를 열 수 없습니다. 현재 실행은 계속됩니다.

</translation>
    </message>
    <message>
        <source>Quit Sluice</source>
        <translation>Sluice 종료</translation>
    </message>
    <message>
        <source>You are watching live nodes (%1). They go on without the console.

Quit the console?</source>
        <translation>실시간 노드(%1)를 보고 있습니다. 콘솔 없이도 노드는 계속 동작합니다.

콘솔을 종료할까요?</translation>
    </message>
    <message>
        <source>A run is in progress; what it shows is not kept.

Quit?</source>
        <translation>실행 중입니다. 지금 보이는 내용은 저장되지 않습니다.

종료할까요?</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>No live data — File › Reconnect now (Ctrl+Shift+R)</source>
        <translation>실시간 데이터 없음 — 파일 › 지금 재연결 (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>실시간</translation>
    </message>
    <message>
        <source>Paused at the start — press F5 to run</source>
        <translation>시작 시점에서 일시 정지 — F5로 실행</translation>
    </message>
    <message>
        <source>The run is over</source>
        <translation>실행이 끝났습니다</translation>
    </message>
    <message>
        <source>—  no live data yet</source>
        <translation>—  아직 실시간 데이터 없음</translation>
    </message>
    <message>
        <source>  — press F5 to run</source>
        <translation>  — F5로 실행</translation>
    </message>
    <message>
        <source>  — no live data</source>
        <translation>  — 실시간 데이터 없음</translation>
    </message>
    <message>
        <source>The report written to %1</source>
        <translation>보고서를 %1에 저장했습니다</translation>
    </message>
    <message>
        <source>The data written to %1</source>
        <translation>데이터를 %1에 저장했습니다</translation>
    </message>
    <message>
        <source>Incident report</source>
        <translation>장애 보고서</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Time zone: %1; in UTC: %2 UTC</source>
        <translation>시간대: %1, UTC 기준: %2 UTC</translation>
    </message>
    <message>
        <source>Time&amp;line</source>
        <translation>타임라인(&amp;L)</translation>
    </message>
    <message>
        <source>What-if &amp;comparison</source>
        <translation>가정 분석 비교(&amp;C)</translation>
    </message>
</context>
<context>
    <name>sluice::ui::DifficultyDialog</name>
    <message>
        <source>under a second</source>
        <translation>1초 미만</translation>
    </message>
    <message>
        <source>about %1 s</source>
        <translation>약 %1초</translation>
    </message>
    <message>
        <source>Proof of work on join</source>
        <translation>진입 작업 증명</translation>
    </message>
    <message>
        <source>Off: joins need no work</source>
        <translation>끔: 진입에 작업이 필요 없음</translation>
    </message>
    <message>
        <source>Auto: follows the join rate</source>
        <translation>자동: 진입 속도에 따라 조절</translation>
    </message>
    <message>
        <source>Fixed number of bits</source>
        <translation>고정 비트 수</translation>
    </message>
    <message>
        <source> bits</source>
        <translation>비트</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>방식(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Bits:</source>
        <translation>비트(&amp;B):</translation>
    </message>
    <message>
        <source>Per join:</source>
        <translation>진입당:</translation>
    </message>
    <message>
        <source>&amp;Apply to every node</source>
        <translation>모든 노드에 적용(&amp;A)</translation>
    </message>
    <message>
        <source>not live (%1)</source>
        <translation>연결 안 됨 (%1)</translation>
    </message>
    <message>
        <source>No node to send the change to.</source>
        <translation>변경을 보낼 노드가 없습니다.</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>%1 in a browser</source>
        <translation>브라우저에서 %1</translation>
    </message>
    <message>
        <source>set by the join rate, between the floor and the ceiling shown</source>
        <translation>진입 속도에 따라 표시된 최솟값과 최댓값 사이에서 정해짐</translation>
    </message>
    <message>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source>fixed %1 bits</source>
        <translation>고정 %1비트</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>자동</translation>
    </message>
</context>
<context>
    <name>sluice::ui::EventTimeAxis</name>
    <message>
        <source>time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>arrival</source>
        <translation>도착 시각</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%2 %1</translation>
    </message>
</context>
<context>
    <name>sluice::ui::MetricTile</name>
    <message>
        <source>%1 (stale)</source>
        <translation>%1 (갱신 멈춤)</translation>
    </message>
</context>
<context>
    <name>sluice::ui::NodeHealthPanel</name>
    <message>
        <source>no proof of work</source>
        <translation>작업 증명 없음</translation>
    </message>
    <message>
        <source>proof of work %1 bits</source>
        <translation>작업 증명 %1비트</translation>
    </message>
    <message>
        <source>proof of work auto, %1 bits now (%2–%3)</source>
        <translation>작업 증명 자동, 현재 %1비트 (%2–%3)</translation>
    </message>
    <message>
        <source>%1 tokens shared</source>
        <translation>공유된 토큰 %1개</translation>
    </message>
    <message>
        <source>, %1 revoked (over %2 addresses)</source>
        <translation>, %1개 폐기 (%2개 주소 초과)</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>연결 중</translation>
    </message>
    <message>
        <source>live</source>
        <translation>실시간</translation>
    </message>
    <message>
        <source>stale %1 s</source>
        <translation>%1초간 갱신 없음</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>노드</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>대기 인원</translation>
    </message>
    <message>
        <source>Last snapshot</source>
        <translation>마지막 스냅숏</translation>
    </message>
    <message>
        <source>Fair joins</source>
        <translation>공정 진입</translation>
    </message>
    <message>
        <source>Each live sluiced node. Stale: no snapshot for 3 s (left out of the totals). Reconnecting: retried with backoff. Refused: fix and reconnect (File &gt; Connect).</source>
        <translation>실시간 sluiced 노드별 상태입니다. 갱신 없음: 3초 동안 스냅숏 없음 (합계에서 제외). 재연결 중: 간격을 늘려 가며 재시도. 거부됨: 문제를 고친 뒤 다시 연결하세요 (파일 &gt; 연결).</translation>
    </message>
    <message>
        <source>never</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1초 전</translation>
    </message>
</context>
<context>
    <name>sluice::ui::ReportExport</name>
    <message>
        <source>Writing the incident report…</source>
        <translation>장애 보고서 작성 중…</translation>
    </message>
    <message>
        <source>Writing the data…</source>
        <translation>데이터 저장 중…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>sluice::ui::TileBoard</name>
    <message>
        <source>Waiting</source>
        <translation>대기 인원</translation>
    </message>
    <message>
        <source>People in the queue now, pre-queued included.</source>
        <translation>지금 대기열에 있는 사람 수 (사전 대기 포함).</translation>
    </message>
    <message>
        <source>Estimated wait</source>
        <translation>예상 대기 시간</translation>
    </message>
    <message>
        <source>What someone joining now is told (the engine&apos;s estimate, or the old agent&apos;s arithmetic under client-side enforcement). Red: above the alert rule.</source>
        <translation>지금 들어오는 사람에게 안내되는 대기 시간 (엔진의 예상, 또는 클라이언트 측 통제일 때는 예전 방식의 계산). 빨간색: 경보 기준 초과.</translation>
    </message>
    <message>
        <source>Admitting / min</source>
        <translation>입장 /분</translation>
    </message>
    <message>
        <source>Admissions in the last second × 60, and the operator&apos;s target.</source>
        <translation>최근 1초 입장 인원 × 60, 괄호 안은 운영자 목표.</translation>
    </message>
    <message>
        <source>Sessions / capacity</source>
        <translation>세션 / 수용 한도</translation>
    </message>
    <message>
        <source>Capacity in use against the capacity: active sessions plus people admitted and not yet claimed (the engine holds their places), with how many of those are unclaimed. Red: saturated for longer than the alert rule.</source>
        <translation>사용 중인 수용 인원 대비 수용 한도: 활성 세션과 입장했지만 아직 들어오지 않은 사람 (엔진이 자리를 잡아 둠), 그리고 그중 미입장 인원. 빨간색: 경보 기준보다 오래 포화.</translation>
    </message>
    <message>
        <source>Blank pages / s</source>
        <translation>빈 페이지 /초</translation>
    </message>
    <message>
        <source>Requests the protected site refused in the last second. Red: above the alert rule.</source>
        <translation>보호 대상 사이트가 최근 1초 동안 거부한 요청. 빨간색: 경보 기준 초과.</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>예약 완료</translation>
    </message>
    <message>
        <source>People who finished in the protected site.</source>
        <translation>보호 대상 사이트에서 마친 사람.</translation>
    </message>
    <message>
        <source>Gave up</source>
        <translation>이탈</translation>
    </message>
    <message>
        <source>People who left the queue (patience, or a huge estimate).</source>
        <translation>대기열을 떠난 사람 (기다리다 지쳤거나 예상 시간이 너무 길어서).</translation>
    </message>
    <message>
        <source>Rejected tokens</source>
        <translation>거부된 토큰</translation>
    </message>
    <message>
        <source>Tokens the gate refused: forged, foreign, expired, revoked.</source>
        <translation>게이트가 거부한 토큰: 위조, 다른 행사용, 만료, 폐기.</translation>
    </message>
    <message>
        <source>no wait</source>
        <translation>대기 없음</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1시간 %2분</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>%1–%2 min</source>
        <translation>%1–%2분</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1시간</translation>
    </message>
    <message>
        <source>%1–%2 h</source>
        <translation>%1–%2시간</translation>
    </message>
    <message>
        <source>%1 unclaimed</source>
        <translation>미입장 %1</translation>
    </message>
</context>
<context>
    <name>sluice::ui::TimelineModel</name>
    <message>
        <source>operator action</source>
        <translation>운영자 조치</translation>
    </message>
    <message>
        <source>alert raised</source>
        <translation>경보 발생</translation>
    </message>
    <message>
        <source>alert cleared</source>
        <translation>경보 해제</translation>
    </message>
    <message>
        <source>node event</source>
        <translation>노드 이벤트</translation>
    </message>
    <message>
        <source>what-if</source>
        <translation>가정 분석</translation>
    </message>
    <message>
        <source>console</source>
        <translation>콘솔</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>누가</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>변경 내용</translation>
    </message>
</context>
<context>
    <name>sluice::ui::TimelinePanel</name>
    <message>
        <source>All</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Operator actions</source>
        <translation>운영자 조치</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>경보</translation>
    </message>
    <message>
        <source>Node events</source>
        <translation>노드 이벤트</translation>
    </message>
    <message>
        <source>What-ifs</source>
        <translation>가정 분석</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>콘솔</translation>
    </message>
    <message>
        <source>Show only one kind of line.</source>
        <translation>한 종류의 줄만 표시합니다.</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>표시(&amp;S):</translation>
    </message>
    <message>
        <source>The timeline: every change with time, operator and old → new; alerts raised and cleared; what-if projections; live nodes lost and back, and gaps in the data. Select a line to mark its moment on the charts.</source>
        <translation>타임라인: 모든 변경 (시각, 운영자, 이전 → 이후), 경보 발생과 해제, 가정 분석 예측, 실시간 노드의 끊김과 복구, 데이터 공백. 줄을 선택하면 차트에 그 시점이 표시됩니다.</translation>
    </message>
</context>
<context>
    <name>sluice::ui::WhatIfComparison</name>
    <message>
        <source>C&amp;lear what-ifs</source>
        <translation>가정 분석 지우기(&amp;L)</translation>
    </message>
    <message>
        <source>Remove every what-if from the charts and this table (Ctrl+Shift+J)</source>
        <translation>차트와 이 표에서 모든 가정 분석을 지웁니다 (Ctrl+Shift+J)</translation>
    </message>
    <message>
        <source>Each what-if: the night had its change been made at its fork, dashed on the charts in the colour beside its label. First, the run itself so far.</source>
        <translation>각 가정 분석: 분기 시점에 그 변경을 했다면 그날 밤이 어떻게 되었을지를, 이름 옆 색의 점선으로 차트에 표시합니다. 첫 줄은 지금까지의 실제 실행입니다.</translation>
    </message>
</context>
<context>
    <name>sluice::ui::WhatIfOutcomesModel</name>
    <message>
        <source>What-if</source>
        <translation>가정 분석</translation>
    </message>
    <message>
        <source>From</source>
        <translation>분기 시각</translation>
    </message>
    <message>
        <source>Peak waiting</source>
        <translation>최대 대기 인원</translation>
    </message>
    <message>
        <source>Line empty</source>
        <translation>대기열 해소</translation>
    </message>
    <message>
        <source>Admitted</source>
        <translation>입장</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>예약 완료</translation>
    </message>
    <message>
        <source>Gave up</source>
        <translation>이탈</translation>
    </message>
    <message>
        <source>p90 wait</source>
        <translation>p90 대기 시간</translation>
    </message>
    <message>
        <source>When the line is empty for good, no one left to join</source>
        <translation>대기열이 완전히 비고 더 들어올 사람도 없는 시각</translation>
    </message>
</context>
<context>
    <name>sluice::ui::WhatIfPanel</name>
    <message>
        <source>Pro&amp;ject from now</source>
        <translation>지금부터 예측(&amp;J)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Clear what-ifs</source>
        <translation>가정 분석 지우기</translation>
    </message>
    <message>
        <source> /min</source>
        <translation> /분</translation>
    </message>
    <message>
        <source>The admission rate the projection runs with from now on.</source>
        <translation>예측에서 지금부터 적용할 입장 속도입니다.</translation>
    </message>
    <message>
        <source>The site&apos;s capacity the projection runs with from now on.</source>
        <translation>예측에서 지금부터 적용할 사이트 수용 한도입니다.</translation>
    </message>
    <message>
        <source>Queue-server nodes in the projection (new ones serve after 2 minutes).</source>
        <translation>예측에 쓰일 대기열 서버 노드 수 (새 노드는 2분 뒤부터 처리).</translation>
    </message>
    <message>
        <source>as the run</source>
        <translation>실행과 동일</translation>
    </message>
    <message>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>fixed bits</source>
        <translation>고정 비트</translation>
    </message>
    <message>
        <source> bits</source>
        <translation>비트</translation>
    </message>
    <message>
        <source>Each join costs 2^bits SHA-256 tries: 18 about a second on a phone, 22 about 16 s.</source>
        <translation>진입마다 SHA-256 2^비트 회 계산이 필요합니다: 18비트는 휴대전화로 약 1초, 22비트는 약 16초.</translation>
    </message>
    <message>
        <source>to the scenario&apos;s end</source>
        <translation>시나리오 끝까지</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1시간</translation>
    </message>
    <message>
        <source>2 hours</source>
        <translation>2시간</translation>
    </message>
    <message>
        <source>6 hours</source>
        <translation>6시간</translation>
    </message>
    <message>
        <source>How far ahead to project.</source>
        <translation>얼마나 앞까지 예측할지 정합니다.</translation>
    </message>
    <message>
        <source>Copy the run as it stands, apply these values, and run the copy forward; drawn dashed beside the real curves. The run is not touched.</source>
        <translation>현재 실행을 복사해 이 값을 적용하고 복사본을 앞으로 진행합니다. 실제 곡선 옆에 점선으로 그려지며, 실제 실행은 바뀌지 않습니다.</translation>
    </message>
    <message>
        <source>Remove every what-if kept from the charts and the comparison (Ctrl+Shift+J).</source>
        <translation>차트와 비교 표에 남아 있는 모든 가정 분석을 지웁니다 (Ctrl+Shift+J).</translation>
    </message>
    <message>
        <source>No projection yet.</source>
        <translation>아직 예측이 없습니다.</translation>
    </message>
    <message>
        <source>Admission rate</source>
        <translation>입장 속도</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>수용 한도</translation>
    </message>
    <message>
        <source>Queue nodes</source>
        <translation>대기열 노드</translation>
    </message>
    <message>
        <source>Proof of work</source>
        <translation>작업 증명</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>예측 범위</translation>
    </message>
    <message>
        <source>Projecting %1…</source>
        <translation>예측 중: %1…</translation>
    </message>
    <message>
        <source>Only a simulation of a scenario with fair joins (fairJoins, e.g. the sluice-night-2021-bot-farm preset) models proof of work.</source>
        <translation>공정 진입(fairJoins)이 있는 시나리오의 시뮬레이션(예: sluice-night-2021-bot-farm)에서만 작업 증명을 모델링합니다.</translation>
    </message>
    <message>
        <source>as the run (%1)</source>
        <translation>실행과 동일 (%1)</translation>
    </message>
    <message>
        <source>The proof of work each join pays in the projection, from now on.</source>
        <translation>예측에서 지금부터 진입마다 치르는 작업 증명입니다.</translation>
    </message>
    <message>
        <source>No projection.</source>
        <translation>예측 없음.</translation>
    </message>
    <message>
        <source>Projected (%1): %2.</source>
        <translation>예측 결과 (%1): %2.</translation>
    </message>
    <message>
        <source>The projection failed: %1</source>
        <translation>예측 실패: %1</translation>
    </message>
    <message>
        <source>Projection cancelled.</source>
        <translation>예측이 취소되었습니다.</translation>
    </message>
</context>
</TS>
