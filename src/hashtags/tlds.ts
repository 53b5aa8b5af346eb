import { canonical, isAsciiLetter, isTldFollow } from './char-classes.ts'

/**
 * The top-level domains of twitter-text 3.1.0 (validGTLD and validCCTLD, Apache-2.0), which decide
 * whether a bare `word.word/#tag` is a URL. Stored compactly and expanded into a Set only when a
 * hashtag has a dot before it in its word. tlds.test.ts checks both lists against twitter-text.
 *
 * ASCII list: sorted, front-coded. Each entry is one character `'0' + k` (k = length of the prefix
 * shared with the previous entry) followed by the rest of the entry in lower-case letters.
 */
const ASCII_TLDS =
  '0aaa2rp1barth2b3ott3vie2c2le2ogado2udhabi1c2ademy2centure3ountant:s2o2tive3or1d2ac2s2ult1e' +
  '2g2ro2tna1f2amilycompany2l2rica1g2akhan2ency1i2g3o2rbus3force3tel1kdn1l2faromeo2ibaba3pay2' +
  'lfinanz3state3y2sace3tom1m2ericanexpress8family3x2fam2ica2sterdam1n2alytics2droid2quan2z1o' +
  '2l1partments2p3le1q2uarelle1r2ab3mco2chi2my2pa2t3e1s2da2ia2sociates1t2hleta2torney1u2ction' +
  '2di4ble4o2spost2thor3o4s1vianca1w2s1x2a1z2ure0ba2by2idu2namex4narepublic3d3k2r3celona4layc' +
  'ard7s3efoot3gains2seball3ketball2uhaus2yern1b2c2t2va1cg2n1d1e2ats3uty2er2ntley2rlin2st4buy' +
  '2t1f1g1h2arti1i2ble2d2ke2ng4o2o2z1j1l2ack5friday3nco2ockbuster3g3omberg2ue1m2s2w1n2l2ppari' +
  'bas1o2ats2ehringer2fa2m2nd2o3k4ing3ts2sch3tik4on2t2utique2x1q1r2adesco2idgestone2oadway3ke' +
  'r3ther2ussels1s1t1udapest2gatti2ild5ers2siness2y2zz1v1w1y1z2h0ca2b2fe2l3l3vinklein2m3era3p' +
  '2ncerresearch3on2petown3ital7one2r3avan3ds3e4er6s3s3tier2sa3e4ih3h3ino2t3ering3holic1ba2n2' +
  're2s1c1d1eb2nter2o2rn1f2a2d1g1h2anel4nel3rity3se3t2eap2intai2loe2ristmas3ome3ysler2urch1i2' +
  'priani2rcle2sco2tadel3i4c3y4eats1k1l2aims2eaning2ick3nic5que2othing3ud2ub4med1m1n1o2ach2de' +
  's2ffee2llege3ogne2m3cast3mbank4unity3pany5re4uter3sec2ndos3struction4ulting3tact4ractors2o' +
  'king7channel3l3p2rsica2untry3pon6s3rses1pa1r2edit6card6union2icket2own2s2uise6s1sc1u2isine' +
  'lla1v1w1x1y2mru2ou1z0dabur2d2nce2ta3e3ing3sun2y1clk1ds1e2al4er4s2gree2livery3l3oitte3ta2mo' +
  'crat2ntal4ist2si4gn2v1hl1iamonds2et2gital2rect6ory2scount5ver3h2y1j1k1m1np1o2cs3tor2dge2g2' +
  'ha2mains2osan2t2wnload1rive1tv1ubai2ck2nlop3s2pont2rban1vag2r1z0earth2t1c2o1deka2u3cation1' +
  'e1g1h1mail2erck1nergy2gineer8ing2terprises1post2son1quipment1r2icsson2ni1s2q2tate2urance1t' +
  '2isalat1u2rovision2s1vents3rbank1xchange2pert3osed3ress2traspace0fage2il3rwinds3th2mily2n3' +
  's2rm4ers2shion3t1edex2edback2rrari4ero1i2at2delity3o2lm2nal4nce6ial2re4stone3mdale2sh4ing2' +
  't3ness1j1k1lickr3ghts3r2orist3wers2smidth2y1m1o2o3d4network3tball2rd3ex3sale3um2undation2x' +
  '1r2ee3senius2l2ogans3ntdoor5ier1tr1ujitsu4xerox2n3d2rniture2tbol1yi0ga2l3lery4o4up2me4s2p2' +
  'rden2y1b2iz1d2n1e2a2nt4ing2orge1f1g2ee1h1i2ft4s2ves3ing1l2ade3ss2e2obal4o1m2ail2bh2o2x1n1o' +
  'daddy2ld4point3f2o3dhands4year3g4le2p2t2v1p1q1r2ainger3phics3tis2een2ipe2ocery3up1s1t1u2ar' +
  'dian2cci2ge2ide3tars2ru1w1y0hair2mburg2ngout2us1bo1dfc4bank1ealth6care2lp3sinki2re3mes1gtv' +
  '1iphop2samitsu2tachi2v1k2t1m1n1ockey2ldings3iday2medepot4goods4s5ense2nda3eywell2rse2spita' +
  'l3t4ing2t3eles5s3mail2use2w1r1sbc1t2c1u2ghes1yatt2undai0ibm1cbc2e2u1d1e2ee1fm1inet1kano1l1' +
  'm2amat2db2mo4bilien1n2c2dustries2finiti3o2g2k2stitute3urance5e2t3el4rnational3uit2vestment' +
  's1o1piranga1q1r2ish1s2elect2maili2t3anbul1t2au2v1veco1wc0jaguar2va1cb2p1e2ep2tzt2welry1io1' +
  'lc2l1m2p1nj1o2bs3urg2t2y1p2morgan2rs1uegos2niper0kaufen1ddi1e2rryhotels5logistics5properti' +
  'es1fh1g1h1i2a2m2nder4le2tchen2wi1m1n1oeln2matsu2sher1p2mg2n1r2d2ed1uokgroup1w1y2oto1z0la2c' +
  'aixa2dbrokes2mborghini3er2ncaster4ia4ome3d4rover3xess2salle2t3ino3robe2w3yer1b1c1ds1ease2c' +
  'lerc2frak2gal3o2xus1gbt1i2aison2dl2fe4insurance4style2ghting2ke2lly2mited3o2ncoln3de3k2psy' +
  '2ve3ing2xil1k1lc2p1oan4s2cker3us2ft2l2ndon2tte4o2ve1pl3financial1r1s1t2d3a1u2ndbeck2pin2xe' +
  '3ury1v1y0ma2cys2drid2if3son2keup2n3agement3go2p2rket6ing6s3riott3shalls2serati2ttel1ba1c2d' +
  '3onalds2kinsey1d1e2d3ia2et2lbourne2me3orial2n3u2o2rckmsd2tlife1f1g1h1iami2crosoft2l2ni3t2t' +
  '3subishi1k1l2b2s1m2a1n1o2bi4le5y2da2e2i2m2nash3ey3ster3tblanc2par2rmon3tgage2scow2to4rcycl' +
  'es2v3ie4star1p1q1r1s2d1t2n2pc2r1u2seum2tual4elle1v1w1x1y1z0na2b2dex2goya2me2tionwide3ura2v' +
  'y1ba1c1e2c2t3bank3flix3work2ustar2w3holland3s2xt4direct3us1f2l1g2o1hk1i2co2ke3on2nja2ssan5' +
  'y1l1o2kia2rthwesternmutual4on2w3ruz3tv1p1r2a2w1tt1u1yc1z0obi2server1ff3ice1kinawa1layan6gr' +
  'oup2dnavy2lo1m2ega1ne2g2ion2l3ine2yourside1oo1pen1racle3nge2g3anic2ientexpress3gins1saka1t' +
  'suka2t1vh0pa2ge2mperedchef2nasonic3erai2ris3s3tners4s4y2ssagens2y1ccw1e2t1f2izer1g1h2armac' +
  'y2d2ilips2one3to5graphy5s2ysio1iaget2cs3tet4ures2d2n3g3k2oneer2zza1k1l2ace3y4station2umbin' +
  'g3s1m1n2c1ohl2ker2litie2rn2st1r2america3xi2ess2ime2o3d4uctions3f3gressive3mo3perties7y3tec' +
  'tion2u3dential1s1t1ub1w2c1y0qa1pon1uebec3st1vc0racing2dio2id1e2ad3lestate4tor5y2cipes2d3st' +
  'one3umbrella2hab2ise5n3t2liance2n3t4als2pair3ort3ublican2st4aurant2view6s2xroth1ich4ardli3' +
  'oh2ghtathome2l2o2p1mit1o2cher3ks2deo2gers2om1s2vp1u2gby2hr2n1w2e1yukyu0sa2arland2fe4ty2kur' +
  'a2le3on2msclub4ung2ndvik7coromant3ofi2p3o2rl2s2ve2xo1b2i2s1c2a2b2haeffler3midt3olarships4o' +
  'l3ule3warz2ience2johnson2or3t1d1e2arch3t2cure5ity2ek2lect2ner2rvices2s2ven2w2x3y1fr1g1h2an' +
  'grila3rp3w2ell2ia3ksha2oes3p4ping3uji3w4time2riram1i2lk2na3gles2te1j1k2i3n2y3pe1l2ing1m2ar' +
  't2ile1n2cf1o2ccer3ial2ftbank4ware2hu2lar3utions2ng3y2y1pace2iegel2ort3t2readbetting1r2l2t1' +
  's1t2ada3ples3r4hub3tebank5farm4oil2c3group2ockholm3rage4e2ream2udio4y2yle1u2cks2pplies5y4o' +
  'rt2rf3gery2zuki1v1watch2iftcover3ss1x1y2dney2mantec2stems1z0tab2ipei2lk2obao2rget2tamotors' +
  '4r3too2x3i1c2i1d2k1eam2ch4nology2l3ecity4fonica2masek2nnis2va1f1g1h2d2eater5re1iaa2ckets2e' +
  'nda2ffany2ps2res3ol1j2maxx2x1k2maxx1l1m2all1n1o2day2kyo2ols2p2ray2shiba2tal2urs2wn2yota3s1' +
  'p1r2ade4ing3ining3vel6channel6ers9insurance2ust2v1t1ube2i2nes2shu1v2s1w1z0ua1bank2s1connec' +
  't1g1k1m1nicom3versity2o1ol1ps1s1y1z0va2cations2na3guard1c1e2gas2ntures2risign3sicherung2t1' +
  'g1i2ajes2deo2g2king2llas2n2p2rgin2sa3ion3ta5print2va3o1laanderen1n1odka2lkswagen3vo2te3ing' +
  '3o2yage1u2elos0wales3mart3ter2ng4gou2rman2tch5es1eather7channel2bcam3er3site2d3ding2ibo3r1' +
  'f1hoswho1ien2ki2lliamhill2n3dows3e3ners1me1olterskluwer2odside2rk4s3ld2w1s1tc2f0xbox1erox1' +
  'finity1ihuan2n1peria1xx1yz0yachts2hoo2maxun2ndex1e1odobashi2ga2kohama2u3tube1t1un0za2ppos2' +
  'ra1ero1ip3po1m1one1uerich1w'

/** TLDs with other characters, in twitter-text's alternation order (generic list, then country). */
const OTHER_TLDS =
  '삼성|닷컴|닷넷|香格里拉|餐厅|食品|飞利浦|電訊盈科|集团|通販|购物|谷歌|' +
  '诺基亚|联通|网络|网站|网店|网址|组织机构|移动|珠宝|点看|游戏|淡马锡|' +
  '机构|書籍|时尚|新闻|政府|政务|招聘|手表|手机|我爱你|慈善|微博|广东|' +
  '工行|家電|娱乐|天主教|大拿|大众汽车|在线|嘉里大酒店|嘉里|商标|商店|' +
  '商城|公益|公司|八卦|健康|信息|佛山|企业|中文网|中信|世界|ポイント|' +
  'ファッション|セール|ストア|コム|グーグル|クラウド|みんな|คอม|' +
  'संगठन|नेट|कॉम|همراه|موقع|موبايلي|كوم|' +
  'كاثوليك|عرب|شبكة|بيتك|بازار|العليان|' +
  'ارامكو|اتصالات|ابوظبي|קום|сайт|рус|орг|' +
  'онлайн|москва|ком|католик|дети|' +
  'vermögensberatung|vermögensberater|한국|香港|' +
  '澳門|新加坡|台灣|台湾|中國|中国|გე|ລາວ|ไทย|ලංකා|ഭാരതം|' +
  'ಭಾರತ|భారత్|சிங்கப்பூர்|இலங்கை|இந்தியா|' +
  'ଭାରତ|ભારત|ਭਾਰਤ|ভাৰত|ভারত|বাংলা|भारोत|' +
  'भारतम्|भारत|ڀارت|پاکستان|موريتانيا|' +
  'مليسيا|مصر|قطر|فلسطين|عمان|عراق|سورية|' +
  'سودان|تونس|بھارت|بارت|ایران|امارات|' +
  'المغرب|السعودية|الجزائر|البحرين|الاردن|' +
  'հայ|қаз|укр|срб|рф|мон|мкд|ею|бел|бг|ευ|' +
  'ελ'

let asciiTlds: Set<string> | undefined
let otherTlds: Map<number, number[][]> | undefined

/** Expands ASCII_TLDS (front-coded) into a Set. */
export function decodeAsciiTlds(data: string = ASCII_TLDS): Set<string> {
  const set = new Set<string>()
  let word = ''
  for (let i = 0; i < data.length;) {
    const shared = data.charCodeAt(i++) - 48
    let j = i
    while (j < data.length && data.charCodeAt(j) >= 97) j++
    word = word.slice(0, shared) + data.slice(i, j)
    set.add(word)
    i = j
  }
  return set
}

/** The non-ASCII TLDs, for tests. */
export function otherTldList(): string[] {
  return OTHER_TLDS.split('|')
}

/**
 * End of the TLD that twitter-text's `(?:validGTLD|validCCTLD|validPunycode)` matches at `q`, or -1.
 * `end` is the end of the string the regex runs on: a TLD must stop there or before a character
 * outside `[0-9a-zA-Z@+-]`.
 */
export function tldEnd(text: string, q: number, end: number): number {
  // ASCII entries are letters only and must end the [0-9a-zA-Z@+-] run, so the run is the only
  // candidate; its scan stops at the next dot, so scans from different dots never overlap.
  let r = q
  let letters = true
  while (r < end && isTldFollow(text.charCodeAt(r))) {
    letters &&= isAsciiLetter(text.charCodeAt(r))
    r++
  }
  if (letters && r - q >= 2 && r - q <= 18) {
    asciiTlds ??= decodeAsciiTlds()
    if (asciiTlds.has(text.slice(q, r).toLowerCase())) return r
  }
  if (q < end) {
    otherTlds ??= indexOtherTlds()
    for (const tld of otherTlds.get(canonical(text.charCodeAt(q))) ?? []) {
      const e = q + tld.length
      if (e > end || (e < end && isTldFollow(text.charCodeAt(e)))) continue
      let i = 1
      while (i < tld.length && canonical(text.charCodeAt(q + i)) === tld[i]) i++
      if (i === tld.length) return e
    }
  }
  // validPunycode: xn--[-0-9a-z]+, no look-ahead
  if (
    (text.charCodeAt(q) | 0x20) === 0x78 &&
    (text.charCodeAt(q + 1) | 0x20) === 0x6e &&
    text.startsWith('--', q + 2)
  ) {
    let e = q + 4
    while (
      e < end &&
      isTldFollow(text.charCodeAt(e)) &&
      text.charCodeAt(e) !== 0x40 &&
      text.charCodeAt(e) !== 0x2b
    )
      e++
    if (e > q + 4) return e
  }
  return -1
}

/** Non-ASCII TLDs as canonical code units, grouped by first unit, in alternation order. */
function indexOtherTlds(): Map<number, number[][]> {
  const map = new Map<number, number[][]>()
  for (const tld of otherTldList()) {
    const units = Array.from({ length: tld.length }, (_, i) => canonical(tld.charCodeAt(i)))
    const list = map.get(units[0]!)
    if (list) list.push(units)
    else map.set(units[0]!, [units])
  }
  return map
}
